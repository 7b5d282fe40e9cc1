// Lumx Desk benchmarks, measured side by side in one run on this machine and printed as a
// markdown table (never asserted: the figures are for people). Driven through tauri-driver
// so both apps start the same way, in a real WebKitGTK webview.
//
//   node bench/bench.mjs [--quick]      (use scripts/bench.sh: it builds and sets this up)
//
// Environment: LUMX_DESK_APP (release binary), EMPTY_APP (the baseline from
// bench/empty-app), LUMX_DEB (the built .deb), BENCH_OUT (where to write the table).
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from "node:fs";
import { randomBytes, randomUUID } from "node:crypto";
import { dirname, join } from "node:path";
import { WebDriver } from "../tests/e2e/webdriver.mjs";
import { answerFileDialog, localSandboxToken, localSandboxUrl, setValue } from "../tests/e2e/helpers.mjs";

const QUICK = process.argv.includes("--quick");
const APP = process.env.LUMX_DESK_APP;
const EMPTY = process.env.EMPTY_APP;
const DEB = process.env.LUMX_DEB;
const OUT = process.env.BENCH_OUT ?? "target/bench/bench.md";
const RUNS = {
  starts: QUICK ? 3 : 7,
  idleSettleMs: QUICK ? 3000 : 5000,
  uploads: QUICK ? 1 : 3,
  keystrokes: QUICK ? 12 : 40,
  directory: 10_000,
};
const UPLOAD_BYTES = 50 * 1024 * 1024;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => percentile(xs, 50);
function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
const mib = (bytes) => bytes / (1024 * 1024);
const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : "n/a");

// --- processes ---------------------------------------------------------------------------

function allProcesses() {
  const procs = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name is in parentheses and may contain spaces: split after it.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      procs.push({ pid: Number(entry), ppid });
    } catch {
      /* exited meanwhile */
    }
  }
  return procs;
}

function pidOf(binary) {
  for (const { pid } of allProcesses()) {
    try {
      if (readlinkSync(`/proc/${pid}/exe`) === binary) return pid;
    } catch {
      /* not ours or gone */
    }
  }
  return null;
}

function rssBytes(pid) {
  try {
    const m = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** RSS of `root` and every descendant (the WebKit web and network processes). */
function treeRss(root) {
  const procs = allProcesses();
  const tree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of procs) {
      if (tree.has(p.ppid) && !tree.has(p.pid)) {
        tree.add(p.pid);
        grew = true;
      }
    }
  }
  let total = 0;
  for (const pid of tree) total += rssBytes(pid);
  return { bytes: total, processes: tree.size };
}

// --- start-up and idle memory ------------------------------------------------------------

async function startAndWait(binary, readySelector) {
  const driver = new WebDriver();
  const t0 = performance.now();
  await driver.start(binary);
  for (;;) {
    if ((await driver.findAll(readySelector)).length > 0) break;
    if (performance.now() - t0 > 60_000) throw new Error(`${binary}: no ${readySelector} after 60 s`);
    await sleep(10);
  }
  return { driver, startMs: performance.now() - t0 };
}

async function measureStart(binary, readySelector) {
  const starts = [];
  const idle = [];
  let processes = 0;
  for (let i = 0; i < RUNS.starts; i++) {
    const { driver, startMs } = await startAndWait(binary, readySelector);
    starts.push(startMs);
    await sleep(RUNS.idleSettleMs);
    const pid = pidOf(binary);
    const rss = pid ? treeRss(pid) : { bytes: NaN, processes: 0 };
    idle.push(rss.bytes);
    processes = rss.processes;
    await driver.quit();
    await sleep(800);
  }
  return { startMs: median(starts), startMinMs: Math.min(...starts), idleRss: median(idle), processes };
}

// --- the app's embedded sandbox ----------------------------------------------------------

async function sandbox(base, method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${localSandboxToken()}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function openCustomer(base) {
  const page = await sandbox(base, "GET", "/customers?size=100");
  const items = page.data ?? page.items ?? page.customers ?? page;
  const status = (c) => c.verification?.status ?? c.status;
  const open =
    items.find((c) => status(c) === "NOT_STARTED" && c.type === "INDIVIDUAL") ??
    items.find((c) => status(c) !== "FINAL_REJECTION" && c.type === "INDIVIDUAL");
  if (!open) throw new Error("no open individual customer in the sandbox");
  return open.id;
}

// --- 50 MB upload: the app against curl -F -----------------------------------------------

function makeUploadFile() {
  const dir = "/tmp/lumx-bench";
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "b50.pdf");
  const header = Buffer.from("%PDF-1.7\n");
  // Random bytes: nothing on the way can compress them.
  writeFileSync(path, Buffer.concat([header, randomBytes(UPLOAD_BYTES - header.length)]));
  return path;
}

function curlUpload(base, customerId, file) {
  const out = execFileSync(
    "curl",
    [
      "-sS", "-o", "/dev/null", "-w", "%{http_code} %{time_total}",
      "-H", `Authorization: Bearer ${localSandboxToken()}`,
      "-H", `Idempotency-Key: ${randomUUID()}`,
      "-F", `file=@${file};type=application/pdf`,
      "-F", "type=PROOF_OF_ADDRESS",
      "-F", "country=BRA",
      `${base}/customers/${customerId}/documents`,
    ],
    { encoding: "utf8" },
  );
  const [code, seconds] = out.trim().split(" ");
  if (!code.startsWith("2")) throw new Error(`curl upload answered ${code}`);
  return Number(seconds) * 1000;
}

async function appUpload(driver, customerId, file) {
  await driver.execute(`window.location.hash = arguments[0]`, [`#/customers/${customerId}`]);
  await driver.waitFor("[data-testid=manual-upload]");
  await setValue(driver, '[data-field="documentType"]', "PROOF_OF_ADDRESS");
  await driver.click(await driver.find("[data-testid=manual-pick]"));
  await answerFileDialog("Proof of address", file);
  await driver.waitForText("[data-testid=manual-file]", (t) => t.includes("b50.pdf"), { timeoutMs: 60_000 });

  const pid = pidOf(APP);
  const base = { app: rssBytes(pid), tree: treeRss(pid).bytes };
  let peak = { ...base };
  const sampler = setInterval(() => {
    peak = { app: Math.max(peak.app, rssBytes(pid)), tree: Math.max(peak.tree, treeRss(pid).bytes) };
  }, 20);
  const t0 = performance.now();
  await driver.click(await driver.find("[data-testid=manual-send]"));
  for (;;) {
    const done = await driver.execute(
      `const s = document.querySelector("[data-testid=manual-upload] [role=status]");
       const e = document.querySelector("[data-testid=manual-upload] .notice--error");
       return e ? "error: " + e.textContent : (s && s.textContent.includes("b50.pdf") ? "done" : "")`,
    );
    if (done === "done") break;
    if (done) throw new Error(done);
    if (performance.now() - t0 > 120_000) throw new Error("upload did not finish in 120 s");
    await sleep(5);
  }
  const ms = performance.now() - t0;
  clearInterval(sampler);
  return { ms, appGrowth: peak.app - base.app, treeGrowth: peak.tree - base.tree };
}

// --- keystroke to painted list, 10,000 customers -----------------------------------------

// Runs in the webview: a keydown on the search box starts the clock; the clock stops at
// the first rendering opportunity after the list says it shows that query's results
// (requestAnimationFrame, then a message task: that frame has been painted by then).
const PROBE = `
  const input = document.querySelector("[data-testid=directory-search]");
  const list = document.querySelector("[data-testid=directory-list]");
  window.__bench = { samples: [], pending: null };
  input.addEventListener("keydown", () => {
    window.__bench.pending = { t0: performance.now(), query: null };
  }, { capture: true });
  input.addEventListener("input", () => {
    if (window.__bench.pending) window.__bench.pending.query = input.value;
    check();
  }, { capture: true });
  function check() {
    const p = window.__bench.pending;
    if (!p || p.query === null || list.getAttribute("data-rendered-query") !== p.query) return;
    window.__bench.pending = null;
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => window.__bench.samples.push(performance.now() - p.t0);
      ch.port2.postMessage(0);
    });
  }
  new MutationObserver(check).observe(list, { attributes: true, attributeFilter: ["data-rendered-query"] });
`;

async function keystrokeToPaint(driver, base) {
  const stats = await sandbox(base, "GET", "/_sandbox/stats");
  const missing = RUNS.directory - (stats.customers ?? 0);
  if (missing > 0) await sandbox(base, "POST", "/_sandbox/seed", { count: missing, seed: 42 });
  await driver.click(await driver.find("[data-testid=nav-customers]"));
  const t0 = performance.now();
  await driver.click(await driver.waitFor("[data-testid=directory-refresh]"));
  await driver.waitForText("[data-testid=directory-count]", (t) => /\b10[,.]?\d{3}\b/.test(t), { timeoutMs: 120_000 });
  const loadMs = performance.now() - t0;
  const search = await driver.find("[data-testid=directory-search]");
  await driver.execute(PROBE);

  const words = ["souza", "silva", "ana", "maria", "ltda", "oliveira", "pereira", "costa"];
  let typed = 0;
  let skipped = 0;
  for (const word of words) {
    for (const ch of word) {
      if (typed >= RUNS.keystrokes) break;
      const before = await driver.execute("return window.__bench.samples.length");
      await driver.type(search, ch);
      typed++;
      const deadline = performance.now() + 2000;
      while ((await driver.execute("return window.__bench.samples.length")) === before) {
        if (performance.now() > deadline) {
          skipped++;
          break;
        }
        await sleep(5);
      }
    }
    await setValue(driver, "[data-testid=directory-search]", "");
    await sleep(200);
    if (typed >= RUNS.keystrokes) break;
  }
  const samples = await driver.execute("return window.__bench.samples");
  return { samples, skipped, loadMs };
}

// --- sizes -------------------------------------------------------------------------------

function packageSizes() {
  if (!DEB) return { deb: NaN, installed: NaN };
  const installedKiB = Number(execFileSync("dpkg-deb", ["-f", DEB, "Installed-Size"], { encoding: "utf8" }).trim());
  return { deb: statSync(DEB).size, installed: installedKiB * 1024 };
}

// --- run ---------------------------------------------------------------------------------

async function main() {
  if (!APP || !EMPTY) throw new Error("set LUMX_DESK_APP and EMPTY_APP (scripts/bench.sh does)");
  const began = performance.now();
  console.error(`bench: ${QUICK ? "quick" : "full"} mode`);

  // The first launch creates the profile and seeds the local sandbox; it is not counted.
  const warm = await startAndWait(APP, "[data-testid=nav-customers]");
  await warm.driver.quit();
  await sleep(800);
  const emptyStart = await measureStart(EMPTY, "[data-testid=ready]");
  const appStart = await measureStart(APP, "[data-testid=nav-customers]");
  console.error("bench: start-up done");

  const { driver } = await startAndWait(APP, "[data-testid=nav-customers]");
  const base = await localSandboxUrl(driver);
  const customerId = await openCustomer(base);
  const file = makeUploadFile();
  const curlMs = [];
  const app = [];
  for (let i = 0; i < RUNS.uploads; i++) {
    curlMs.push(curlUpload(base, customerId, file));
    app.push(await appUpload(driver, customerId, file));
  }
  console.error("bench: uploads done");
  const keys = await keystrokeToPaint(driver, base);
  await driver.quit();
  console.error("bench: directory done");

  const sizes = packageSizes();
  const appBinary = statSync(APP).size;
  const emptyBinary = statSync(EMPTY).size;
  const appUploadMs = median(app.map((a) => a.ms));
  const rows = [
    ["Cold start to interactive UI (median of " + RUNS.starts + ")", `${fmt(appStart.startMs, 0)} ms`, `${fmt(emptyStart.startMs, 0)} ms`, `${fmt(appStart.startMs / emptyStart.startMs, 2)}×`],
    ["Idle RSS, whole process tree", `${fmt(mib(appStart.idleRss))} MiB (${appStart.processes} processes)`, `${fmt(mib(emptyStart.idleRss))} MiB (${emptyStart.processes} processes)`, `${fmt(appStart.idleRss / emptyStart.idleRss, 2)}×`],
    ["50 MB upload to the local sandbox (median of " + RUNS.uploads + ")", `${fmt(appUploadMs, 0)} ms`, `curl -F: ${fmt(median(curlMs), 0)} ms`, `${fmt(appUploadMs / median(curlMs), 2)}×`],
    ["RSS growth during the upload: app process / tree", `${fmt(mib(Math.max(...app.map((a) => a.appGrowth))))} / ${fmt(mib(Math.max(...app.map((a) => a.treeGrowth))))} MiB`, "", ""],
    [`Directory of ${RUNS.directory.toLocaleString("en")} customers: loading all pages`, `${fmt(keys.loadMs, 0)} ms`, "", ""],
    [`Keystroke → painted filtered list (${keys.samples.length} keystrokes)`, `p50 ${fmt(percentile(keys.samples, 50))} ms, p95 ${fmt(percentile(keys.samples, 95))} ms`, "", ""],
    ["Release binary size", `${fmt(mib(appBinary))} MiB`, `${fmt(mib(emptyBinary))} MiB`, `${fmt(appBinary / emptyBinary, 2)}×`],
    [".deb package / installed size", `${fmt(mib(sizes.deb))} MiB / ${fmt(mib(sizes.installed))} MiB`, "", ""],
  ];
  const machine = `${execFileSync("nproc", { encoding: "utf8" }).trim()} cores, ${execFileSync("uname", ["-srm"], { encoding: "utf8" }).trim()}`;
  const table = [
    `Lumx Desk benchmarks (${QUICK ? "quick" : "full"} mode, ${new Date().toISOString().slice(0, 10)}, ${machine}, Xvfb)`,
    "",
    "| Measure | Lumx Desk | Baseline (empty Tauri app / curl) | Ratio |",
    "|---|---|---|---|",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
    "",
    `Keystrokes that changed nothing on screen (not sampled): ${keys.skipped}. Bench wall time: ${fmt((performance.now() - began) / 1000, 0)} s.`,
  ].join("\n");
  console.log(table);
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, table + "\n");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
