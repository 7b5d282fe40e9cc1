// Crash safety: the app is killed with SIGKILL mid-wizard (also right after "Create
// customer" was clicked) and reopened; the draft resumes with every field and picked
// file, and finishing it creates exactly one customer.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { WebDriver } from "./webdriver.mjs";
import { answerFileDialog, cpfEndingIn, sandboxStats, setValue, typeInto } from "./helpers.mjs";

const APP = process.env.LUMX_DESK_APP;
const ARTIFACTS = process.env.E2E_ARTIFACTS ?? "tests/e2e/artifacts";
const FIXTURES = resolve("tests/fixtures");
const field = (path) => `[data-field="${path}"]`;
let driver;

after(async () => {
  await driver?.quit();
});

function killApp() {
  // SIGKILL (no shutdown code runs, as in a crash or power loss), only to processes
  // running the binary under test.
  let pids = [];
  try {
    pids = execFileSync("pgrep", ["-x", "lumx-desk"], { encoding: "utf8" }).split("\n").filter(Boolean);
  } catch {
    /* none running */
  }
  for (const pid of pids) {
    try {
      if (readlinkSync(`/proc/${pid}/exe`) === APP) process.kill(Number(pid), "SIGKILL");
    } catch {
      /* already gone */
    }
  }
}

async function reopen() {
  await driver?.quit().catch(() => {});
  await new Promise((r) => setTimeout(r, 500));
  driver = await new WebDriver().start(APP);
  await driver.waitFor("[data-testid=nav-onboarding]");
}

async function sandboxUrl() {
  await driver.click(await driver.find("[data-testid=nav-settings]"));
  await driver.click(await driver.waitFor("[data-testid=test-localSandbox]"));
  await driver.waitForText("[data-testid=conn-localSandbox]", (t) => t.length > 0);
  await driver.click(await driver.find("[data-testid=nav-settings]"));
  return driver.waitForText("[data-testid=env-url-localSandbox]", (t) => t.startsWith("http://"));
}

async function resume(name) {
  await driver.click(await driver.find("[data-testid=nav-onboarding]"));
  const row = await driver.waitFor(`[data-testid=draft-row]`);
  assert.ok(row);
  await driver.execute(
    `const row = [...document.querySelectorAll("[data-testid=draft-row]")].find((r) => r.textContent.includes(arguments[0]));
     row.querySelector("[data-testid=draft-resume]").click();`,
    [name],
  );
  await driver.waitFor("[data-testid=wizard]");
}

test("a killed wizard resumes with every field and file, and creates one customer", async () => {
  await reopen();
  const before = await sandboxStats(await sandboxUrl());
  const name = "Clara Crash Teste";
  const taxId = cpfEndingIn(9);

  await driver.click(await driver.find("[data-testid=nav-onboarding]"));
  await driver.click(await driver.waitFor("[data-testid=new-individual]"));
  await typeInto(driver, field("customer.name"), name);
  await setValue(driver, field("customer.taxId"), taxId);
  await setValue(driver, field("customer.birthDate"), "1988-02-29");
  await typeInto(driver, field("customer.email"), "clara@example.com");
  await driver.click(await driver.find("[data-testid=step-documents]"));
  const slot = `[data-testid="slot-customer:PROOF_OF_ADDRESS"]`;
  await driver.click(await driver.waitFor(`${slot} [data-testid=slot-pick]`));
  await answerFileDialog("Proof of address", join(FIXTURES, "proof-of-address.pdf"));
  await driver.waitForText(`${slot} [data-testid=slot-file]`, (t) => t.includes("proof-of-address.pdf"));
  // Autosave runs 250 ms after the last edit; the pick itself is saved at once.
  await new Promise((r) => setTimeout(r, 800));
  killApp();

  await reopen();
  await resume(name);
  await driver.waitFor("[data-testid=wizard][data-step=documents]");
  await driver.waitForText(`${slot} [data-testid=slot-file]`, (t) => t.includes("proof-of-address.pdf"));
  await driver.screenshot(join(ARTIFACTS, "crash-resumed-en.png"));
  await driver.click(await driver.find("[data-testid=step-customer]"));
  const values = await driver.execute(
    `return ["customer.name","customer.taxId","customer.birthDate","customer.email"]
       .map((p) => document.querySelector('[data-field="' + p + '"]').value)`,
  );
  assert.deepEqual(values, [name, taxId, "1988-02-29", "clara@example.com"]);

  // Killed right after "Create customer": the request may or may not have landed.
  await driver.click(await driver.find("[data-testid=create-customer]"));
  await new Promise((r) => setTimeout(r, 150));
  killApp();
  await reopen();
  await resume(name);
  await driver.click(await driver.find("[data-testid=step-customer]"));
  const create = await driver.findAll("[data-testid=create-customer]");
  if (create.length > 0) await driver.click(create[0]);
  await driver.waitFor("[data-testid=step-customer][data-complete=true]", { timeoutMs: 20000 });

  const afterStats = await sandboxStats(await sandboxUrl());
  assert.equal(afterStats.customers, before.customers + 1, "exactly one customer for the finished flow");
});
