// Security, end to end: a recognisable API key set in Settings never reaches the webview
// (no IPC response, no event, not the DOM) and is never written by the app (its log and
// crash output, its settings, drafts, audit and sandbox databases, WebKit's storage).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { join } from "node:path";
import { WebDriver } from "./webdriver.mjs";

const APP = process.env.LUMX_DESK_APP;
const ARTIFACTS = process.env.E2E_ARTIFACTS ?? "tests/e2e/artifacts";
const CANARY = `LEAKCANARY${randomBytes(6).toString("hex")}`;
const KEY = `lumx_sk_test_${CANARY}_9f3e`;
let driver;

after(async () => {
  await driver?.quit();
});

// Every IPC answer and every event reaches the page through one map of callbacks that
// Tauri's core script keeps (window.__TAURI_INTERNALS__.callbacks). Wrapping each entry,
// present and future, records exactly what Rust handed to the webview.
const RECORDER = `
  const callbacks = window.__TAURI_INTERNALS__.callbacks;
  window.__ipcSeen = [];
  const wrap = (fn) => (data) => {
    try { window.__ipcSeen.push(JSON.stringify(data) ?? String(data)); } catch (e) { window.__ipcSeen.push(String(data)); }
    return fn(data);
  };
  for (const [id, fn] of callbacks) Map.prototype.set.call(callbacks, id, wrap(fn));
  callbacks.set = function (id, fn) { return Map.prototype.set.call(this, id, wrap(fn)); };
  return callbacks.size;
`;

function scanFiles(root, needle, found = []) {
  let st;
  try {
    st = statSync(root);
  } catch {
    return found;
  }
  if (st.isDirectory()) {
    for (const entry of readdirSync(root)) scanFiles(join(root, entry), needle, found);
  } else if (st.isFile() && st.size < 256 * 1024 * 1024 && readFileSync(root).includes(needle)) {
    found.push(root);
  }
  return found;
}

function appPids() {
  return readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        return readlinkSync(`/proc/${pid}/exe`) === APP;
      } catch {
        return false;
      }
    })
    .map(Number);
}

test("the API key never crosses into the webview and is never written by the app", async () => {
  driver = await new WebDriver().start(APP);
  await driver.waitFor("[data-testid=nav-settings]");
  const installed = await driver.execute(RECORDER);
  assert.equal(typeof installed, "number", "the recorder is installed");

  // Set the key, then use it: test the connection (the key goes into an Authorization
  // header and the outcome comes back to the page).
  await driver.click(await driver.find("[data-testid=nav-settings]"));
  await driver.type(await driver.waitFor("[data-testid=key-input-sandbox]"), KEY);
  await driver.click(await driver.findByText("[data-testid=env-sandbox] button", "Save to keychain"));
  await driver.waitForText("[data-testid=key-status-sandbox]", (t) => t.includes("9f3e"));
  await driver.click(await driver.find("[data-testid=test-sandbox]"));
  await driver.waitForText("[data-testid=conn-sandbox]", (t) => t.length > 0, { timeoutMs: 60000 });
  // The outcome reads in words; the transport's own English stays behind a toggle.
  const [detailsOpen, shown] = await driver.execute(
    `const el = document.querySelector("[data-testid=conn-sandbox]");
     const copy = el.cloneNode(true);
     copy.querySelector("details")?.remove();
     return [el.querySelector("details")?.open ?? null, copy.textContent];`,
  );
  assert.equal(detailsOpen, false, "the details are there, closed");
  assert.doesNotMatch(shown, /error sending request|dns error|tcp connect/i, shown);
  await driver.click(await driver.find("[data-testid=test-localSandbox]"));
  await driver.waitForText("[data-testid=conn-localSandbox]", (t) => /Connected/.test(t));

  // Walk the rest of the app, so that its commands and events run with the key set.
  await driver.click(await driver.find("[data-testid=nav-customers]"));
  await driver.click(await driver.waitFor("[data-testid=directory-refresh]"));
  await driver.waitFor("[data-testid=directory-count]", { timeoutMs: 30000 });
  await driver.click(await driver.waitFor("[data-testid=customer-row]"));
  await driver.waitFor("[data-testid=customer-view]");
  for (const route of ["onboarding", "rfis", "settings"]) {
    await driver.click(await driver.find(`[data-testid=nav-${route}]`));
    await driver.waitFor(`main[data-route=${route}]`);
  }
  await driver.waitFor("[data-testid=audit-log]");
  await new Promise((r) => setTimeout(r, 1000));

  const seen = await driver.execute("return window.__ipcSeen");
  // Progress streams (Tauri channels: directory loading, uploads) arrive as {message, index};
  // events as {event, id, payload}. The only event, FilesDropped, needs a real drag and
  // drop, which Xvfb cannot produce; it carries tokens and file names only.
  const streamed = seen.filter((s) => s.startsWith('{"message":') || s.startsWith('{"event":'));
  assert.ok(seen.length >= 10, `the recorder saw the app's IPC traffic (${seen.length} messages)`);
  assert.ok(streamed.length >= 1, `the recorder saw streamed messages too (${streamed.length})`);
  assert.ok(seen.some((s) => s.includes("9f3e")), "the last four characters do reach the page (sanity check)");
  const leaks = seen.filter((s) => s.includes(CANARY));
  assert.deepEqual(leaks, [], "no IPC response or event carries the key");
  const dom = await driver.execute("return document.documentElement.outerHTML");
  assert.ok(!dom.includes(CANARY), "the key is nowhere in the DOM");
  await driver.screenshot(join(ARTIFACTS, "security-settings-en.png"));

  // A crash while the key is cached in memory: what the app printed must not hold it.
  const pids = appPids();
  assert.ok(pids.length > 0, "the app is running");
  for (const pid of pids) process.kill(pid, "SIGSEGV");
  await new Promise((r) => setTimeout(r, 1500));
  await driver.quit().catch(() => {});
  driver = null;

  const written = [
    ...scanFiles(join(ARTIFACTS, "tauri-driver.log"), CANARY),
    ...scanFiles(process.env.XDG_DATA_HOME ?? "/nonexistent", CANARY),
    ...scanFiles(process.env.XDG_CONFIG_HOME ?? "/nonexistent", CANARY),
    ...scanFiles(process.env.XDG_CACHE_HOME ?? "/nonexistent", CANARY),
  ];
  assert.deepEqual(written, [], "the key must not be written anywhere but the keychain");
  // The scan covered the app's databases (drafts, audit, RFIs, sandbox state).
  const dataFiles = scanFiles(process.env.XDG_DATA_HOME ?? "/nonexistent", "SQLite format 3");
  assert.ok(dataFiles.some((f) => f.endsWith("audit.sqlite")), `databases scanned: ${dataFiles.join(", ")}`);
});
