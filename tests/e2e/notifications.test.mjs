// End to end: desktop notifications come from Rust when it reads an outcome, reach a real
// notification server on the test's D-Bus session (python3-dbusmock's notification
// daemon, which logs every Notify call), once each, in the analyst's language, never with
// a tax id. Three individuals are onboarded through the wizard on the embedded Local
// sandbox, whose taxId's last digit picks the outcome (4 APPROVED, 2 RFI, 3 FINAL_REJECTION);
// the analyst works in another window while the wizard follows the status.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebDriver } from "./webdriver.mjs";
import { cpfEndingIn, onboardIndividualUntilReview } from "./helpers.mjs";

const ARTIFACTS = process.env.E2E_ARTIFACTS ?? "tests/e2e/artifacts";
const LOG = join(mkdtempSync(join(tmpdir(), "lumx-notify-")), "notifications.log");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let driver;
let daemon;

function xdotool(...args) {
  return execFileSync("xdotool", args, { encoding: "utf8" }).trim();
}

/** The bodies of every notification the daemon received, in order. */
function notifications() {
  if (!existsSync(LOG)) return [];
  return readFileSync(LOG, "utf8")
    .split("\n")
    .filter((l) => / Notify "/.test(l))
    .map((l) => [...l.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1])[3] ?? "");
}

async function waitUntil(condition, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

before(async () => {
  // Debian's python3 (pyenv's may lack dbusmock).
  daemon = spawn("/usr/bin/python3", ["-m", "dbusmock", "--template", "notification_daemon", "-l", LOG], {
    stdio: "ignore",
  });
  await waitUntil(() => {
    try {
      execFileSync("gdbus", ["introspect", "--session", "--dest", "org.freedesktop.Notifications",
        "--object-path", "/org/freedesktop/Notifications"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  }, "the notification daemon on the session bus", 15000);
  driver = await new WebDriver().start(process.env.LUMX_DESK_APP);
  await driver.waitFor("[data-testid=nav-onboarding]");
});

after(async () => {
  await driver?.quit();
  daemon?.kill();
});

/** Another window takes the focus, as when the analyst works in their mail meanwhile. */
function workElsewhere() {
  const other = spawn("xmessage", ["-name", "lumx-e2e-elsewhere", "-geometry", "300x80+900+10", "Elsewhere"], {
    stdio: "ignore",
  });
  let win = "";
  for (let i = 0; i < 100 && !win; i++) {
    try {
      win = xdotool("search", "--onlyvisible", "--classname", "lumx-e2e-elsewhere").split("\n")[0] ?? "";
    } catch {
      execFileSync("sleep", ["0.1"]);
    }
  }
  if (!win) throw new Error("the other window did not appear");
  xdotool("windowfocus", "--sync", win);
  return () => {
    other.kill();
    const app = xdotool("search", "--onlyvisible", "--name", "Lumx Desk").split("\n")[0];
    if (app) xdotool("windowfocus", "--sync", app);
  };
}

const FLOWS = [
  { name: "Ana Aprovada", digit: 4, status: "APPROVED", lang: "en", words: "Ana Aprovada was approved." },
  {
    name: "Bia Pendente",
    digit: 2,
    status: "RFI",
    lang: "pt-BR",
    words: "O compliance da Lumx precisa de mais informações sobre Bia Pendente (RFI).",
  },
  { name: "Caio Recusado", digit: 3, status: "FINAL_REJECTION", lang: "en", words: "Caio Recusado was finally rejected." },
];

test("each outcome reaches the desktop once, in the analyst's language, without the tax id", async () => {
  try {
    for (const [n, flow] of FLOWS.entries()) {
      const taxId = cpfEndingIn(flow.digit);
      await onboardIndividualUntilReview(driver, { name: flow.name, taxId, email: `notify.${n}@example.com` });
      await driver.click(await driver.find(`[data-testid=language-${flow.lang}]`));
      const before = notifications().length;
      const back = workElsewhere();
      try {
        await driver.click(await driver.find("[data-testid=start-verification]"));
        await driver.waitFor(`[data-testid=verification-status] [data-status=${flow.status}]`, { timeoutMs: 60000 });
        await waitUntil(() => notifications().length > before, `the ${flow.status} notification`);
      } finally {
        back();
      }
      const got = notifications().slice(before);
      assert.deepEqual(got, [flow.words]);
      const digits = taxId.replace(/\D/g, "");
      assert.ok(!got[0].replace(/\D/g, "").includes(digits), "no tax id in the notification");
      await driver.click(await driver.find("[data-testid=language-en]"));
    }
    // Reading the same outcomes again (the RFI view of each customer, with the window
    // elsewhere) tells nothing new: each outcome was notified once.
    const back = workElsewhere();
    try {
      await driver.execute(`window.location.hash = "#/rfis"`);
      await driver.waitFor("[data-testid=rfi-customers] li", { timeoutMs: 30000 });
      const rfiId = await driver.execute(
        `return [...document.querySelectorAll("[data-testid=rfi-customers] li")]
           .find((li) => li.textContent.includes("Bia Pendente"))?.dataset.customerId ?? ""`,
      );
      assert.ok(rfiId, "Bia Pendente is in the RFI inbox");
      await driver.execute(`window.location.hash = "#/rfis/" + arguments[0]`, [rfiId]);
      await driver.waitFor("[data-testid=rfi-view][data-status=RFI]");
    } finally {
      back();
    }
    const all = notifications();
    for (const flow of FLOWS) {
      assert.equal(all.filter((b) => b === flow.words).length, 1, `${flow.status} notified once: ${all.join(" | ")}`);
    }
    assert.equal(all.length, FLOWS.length, all.join(" | "));
  } catch (e) {
    await driver.screenshot(join(ARTIFACTS, "notifications-failure.png")).catch(() => {});
    throw e;
  }
});
