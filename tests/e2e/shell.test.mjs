// End to end: the real built app in a real WebKit webview, driven through tauri-driver.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { WebDriver } from "./webdriver.mjs";
import { setValue } from "./helpers.mjs";

const APP = process.env.LUMX_DESK_APP;
const ARTIFACTS = process.env.E2E_ARTIFACTS ?? "tests/e2e/artifacts";
const cargoVersion = readFileSync("Cargo.toml", "utf8").match(/\[package\][^[]*?version = "([^"]+)"/)[1];

let driver;

before(async () => {
  assert.ok(APP, "LUMX_DESK_APP must point at the built binary");
  driver = await new WebDriver().start(APP);
  await driver.waitFor("[data-testid=nav-customers]");
});

after(async () => {
  await driver?.quit();
});

test("shows the version that the Rust app_info command reports", async () => {
  const text = await driver.waitForText("[data-testid=sidebar-version]", (t) => t.length > 0);
  assert.match(text, new RegExp(cargoVersion.replace(/\./g, "\\.")));
});

test("the environment badge says Local sandbox on first launch", async () => {
  const text = await driver.text(await driver.find("[data-testid=environment-badge]"));
  assert.match(text, /Local sandbox/);
  assert.equal(await driver.title(), "Lumx Desk");
});

test("navigates between the four sections", async () => {
  for (const [route, heading] of [
    ["onboarding", "Onboarding"],
    ["rfis", "RFIs"],
    ["settings", "Settings"],
    ["customers", "Customers"],
  ]) {
    await driver.click(await driver.find(`[data-testid=nav-${route}]`));
    await driver.waitFor(`main[data-route=${route}]`);
    const h1 = await driver.text(await driver.find("main h1"));
    assert.equal(h1, heading);
    const current = await driver.attribute(await driver.find(`[data-testid=nav-${route}]`), "aria-current");
    assert.equal(current, "page");
  }
  await driver.screenshot(join(ARTIFACTS, "shell-en.png"));
});

test("switches the language to pt-BR and back", async () => {
  await driver.click(await driver.find("[data-testid=language-pt-BR]"));
  await driver.waitForText("[data-testid=nav-settings]", (t) => t.includes("Configurações"));
  assert.equal(await driver.text(await driver.find("main h1")), "Clientes");
  assert.match(await driver.text(await driver.find("[data-testid=environment-badge]")), /Sandbox local/);
  const lang = await driver.execute("return document.documentElement.lang");
  assert.equal(lang, "pt-BR");
  await driver.screenshot(join(ARTIFACTS, "shell-pt-BR.png"));

  await driver.click(await driver.find("[data-testid=language-en]"));
  await driver.waitForText("[data-testid=nav-settings]", (t) => t.includes("Settings"));
});

test("switching to Production asks for exactly what Rust accepts, in both languages", async () => {
  for (const lang of ["en", "pt-BR"]) {
    await driver.click(await driver.find(`[data-testid=language-${lang}]`));
    await driver.click(await driver.find("[data-testid=nav-settings]"));
    await driver.click(await driver.waitFor("[data-testid=use-production]"));
    const accepted = await driver.waitForText("[data-testid=confirm-accepted]", (t) => t.includes("PRODUCTION"));
    assert.match(accepted, lang === "en" ? /type exactly/ : /digite exatamente/);
    const ok = async () => driver.execute(`return document.querySelector("[data-testid=confirm-ok]").disabled`);
    await setValue(driver, "[data-testid=confirm-input]", "production");
    assert.equal(await ok(), true, "lower case is not what the dialog shows");
    await setValue(driver, "[data-testid=confirm-input]", "PRODUCTION");
    assert.equal(await ok(), false);
    await driver.screenshot(join(ARTIFACTS, `confirm-production-${lang}.png`));
    // Cancelled: the app stays on the Local sandbox for the other tests.
    await driver.click(await driver.find(".modal .button--secondary"));
    await driver.waitForText("[data-testid=environment-badge]", (t) => /Local sandbox|Sandbox local/.test(t));
  }
  await driver.click(await driver.find("[data-testid=language-en]"));
});

test("CSP blocks the webview from any network origin, even a reachable local one", async () => {
  // A real server the webview could reach if CSP allowed it: it counts what arrives.
  let hits = 0;
  const server = createServer((_req, res) => {
    hits += 1;
    res.setHeader("access-control-allow-origin", "*");
    res.end("ok");
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}/probe`;
  try {
    const outcome = await driver.execute(
      `return Promise.all([
         fetch(arguments[0]).then(() => "reached", (e) => "blocked"),
         new Promise((resolve) => {
           const x = new XMLHttpRequest();
           x.onload = () => resolve("reached");
           x.onerror = () => resolve("blocked");
           try { x.open("GET", arguments[0]); x.send(); } catch (e) { resolve("blocked"); }
         }),
       ])`,
      [url],
    );
    assert.deepEqual(outcome, ["blocked", "blocked"]);
    assert.equal(hits, 0, "no request may reach the server");
  } finally {
    server.close();
  }
});
