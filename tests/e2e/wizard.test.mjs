// End to end: an individual onboarded from an empty wizard to APPROVED on the embedded
// Local sandbox, through the real GTK file dialog, with bad inputs refused on the way.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { WebDriver } from "./webdriver.mjs";
import { answerFileDialog, cpfEndingIn, localSandboxUrl, sandboxStats, setValue, typeInto } from "./helpers.mjs";

const ARTIFACTS = process.env.E2E_ARTIFACTS ?? "tests/e2e/artifacts";
const FIXTURES = resolve("tests/fixtures");
let driver;
let sandboxUrl;

before(async () => {
  driver = await new WebDriver().start(process.env.LUMX_DESK_APP);
  sandboxUrl = await localSandboxUrl(driver);
});

after(async () => {
  await driver?.quit();
});

const shot = (name) => driver.screenshot(join(ARTIFACTS, `wizard-${name}.png`));
const field = (path) => `[data-field="${path}"]`;

async function waitStepComplete(step) {
  await driver.waitFor(`[data-testid=step-${step}][data-complete=true]`, { timeoutMs: 20000 });
}

async function fieldError(path) {
  return driver.execute(
    `const el = document.querySelector(arguments[0]);
     return el?.closest(".field")?.querySelector(".field__error")?.textContent ?? ""`,
    [field(path)],
  );
}

async function pickInto(slotId, dialogTitle, file) {
  const slot = `[data-testid="slot-${slotId}"]`;
  // Centred first: scrolled only "into view", a button can end under the sticky header.
  await driver.execute(`document.querySelector(arguments[0]).scrollIntoView({ block: "center" })`, [`${slot} [data-testid=slot-pick]`]);
  await driver.click(await driver.find(`${slot} [data-testid=slot-pick]`));
  await answerFileDialog(dialogTitle, file);
}

test("an individual goes from an empty wizard to APPROVED", async () => {
  try {
    await individualFlow();
  } catch (e) {
    await shot("failure").catch(() => {});
    throw e;
  }
});

async function individualFlow() {
  await driver.click(await driver.find("[data-testid=nav-onboarding]"));
  await driver.click(await driver.waitFor("[data-testid=new-individual]"));
  await driver.waitFor("[data-testid=wizard][data-step=customer]");
  await shot("1-customer-empty-en");
  // A fresh step is quiet: no field is red before the analyst touches it.
  const redFields = () => driver.execute(`return document.querySelectorAll("[data-testid=wizard] .field__error").length`);
  assert.equal(await redFields(), 0, "a fresh step shows no field errors");

  // A wrong CPF is refused field by field, in Rust, as the analyst types.
  await typeInto(driver, field("customer.name"), "Ana Beatriz Souza");
  await typeInto(driver, field("customer.taxId"), "529.982.247-24");
  await driver.waitForText(`[data-field="customer.taxId"] ~ .field__error`, (t) => /CPF/.test(t));
  const cpf = cpfEndingIn(4);
  await setValue(driver, field("customer.taxId"), cpf);
  // A date that does not exist is kept as typed and named as such, in both languages.
  await typeInto(driver, field("customer.birthDate"), "1990-02-30");
  await driver.waitForText(`[data-field="customer.birthDate"] ~ .field__error`, (t) => /does not exist/.test(t));
  assert.equal(await driver.execute(`return document.querySelector(arguments[0]).value`, [field("customer.birthDate")]), "1990-02-30");
  await driver.click(await driver.find("[data-testid=language-pt-BR]"));
  await driver.waitForText(`[data-field="customer.birthDate"] ~ .field__error`, (t) => /não existe/.test(t));
  await driver.execute(`document.querySelector(arguments[0]).scrollIntoView({ block: "center" })`, [field("customer.birthDate")]);
  await shot("1-customer-date-not-real-pt-BR");
  await driver.click(await driver.find("[data-testid=language-en]"));
  await setValue(driver, field("customer.birthDate"), "1990-05-01");
  await typeInto(driver, field("customer.email"), "ana.souza@example.com");
  await driver.waitFor(`[data-field="customer.taxId"]:not([aria-invalid])`);
  assert.equal(await fieldError("customer.taxId"), "");
  await shot("1-customer-filled-en");
  await driver.click(await driver.find("[data-testid=create-customer]"));
  await waitStepComplete("customer");

  // Terms: accepted on the Local sandbox's practice route, then seen by a refresh.
  await driver.waitFor("[data-testid=wizard][data-step=terms]");
  await shot("2-terms-en");
  await driver.click(await driver.find("[data-testid=terms-accept-local]"));
  await waitStepComplete("terms");

  await driver.click(await driver.find("[data-testid=step-additional]"));
  await driver.waitFor("[data-testid=wizard][data-step=additional]");
  assert.equal(await redFields(), 0, "a fresh additional-information step shows no field errors");
  await typeInto(driver, field("additional.phone"), "+55 11 99999-9999");
  // First, middle and last name come from the full name given in step 1.
  const names = await driver.execute(
    `return ["firstName", "middleName", "lastName"].map((n) => document.querySelector('[data-field="additional.' + n + '"]').value)`,
  );
  assert.deepEqual(names, ["Ana", "Beatriz", "Souza"]);
  await setValue(driver, field("additional.address.country"), "BRA");
  await typeInto(driver, field("additional.address.line1"), "Rua das Acácias, 456");
  await typeInto(driver, field("additional.address.city"), "São Paulo");
  await typeInto(driver, field("additional.address.state"), "SP");
  await typeInto(driver, field("additional.address.postalCode"), "01310-100");
  await typeInto(driver, field("additional.monthlyVolumeInUSD"), "5000");
  await typeInto(driver, field("additional.transactionVolumeInUSD"), "1000");
  await driver.click(await driver.find(`${field("additional.jurisdictions")} [data-option=USA]`));
  await driver.click(await driver.find(`${field("additional.involvedActivities")} [data-option=NONE]`));
  await driver.click(await driver.find(`${field("additional.transactionCounterparties")} [data-option=SELF]`));
  await setValue(driver, field("additional.professionalSituation"), "EMPLOYEE");
  await typeInto(driver, field("additional.professionalOccupation"), "Software Engineer");
  await setValue(driver, field("additional.sourceOfFunds"), "EMPLOYMENT");
  await shot("3-additional-en");
  await driver.click(await driver.find("[data-testid=send-additional]"));
  await waitStepComplete("additional");

  await driver.click(await driver.find("[data-testid=step-documents]"));
  await driver.waitFor("[data-testid=documents-step]");
  const before = await sandboxStats(sandboxUrl);

  // Bad files are refused on this computer: nothing reaches the sandbox.
  const tmp = mkdtempSync(join(tmpdir(), "lumx-e2e-"));
  const tooBig = join(tmp, "statement.pdf");
  writeFileSync(tooBig, "%PDF-1.7\n");
  truncateSync(tooBig, 51 * 1024 * 1024);
  const refusals = [
    [join(FIXTURES, "empty.pdf"), /empty/i],
    [join(FIXTURES, "program.pdf"), /PDF, JPG or PNG|not a PDF/i],
    [join(FIXTURES, "photo-renamed.pdf"), /extension|\.pdf/i],
    [tooBig, /limit is 50/],
  ];
  // Each refusal is told at the slot that was picked, announced to screen readers, in words.
  const slotAlert = `[data-testid="slot-customer:PROOF_OF_ADDRESS"] .field__error[role=alert]`;
  for (const [file, message] of refusals) {
    await pickInto("customer:PROOF_OF_ADDRESS", "Proof of address", file);
    const alert = await driver.waitForText(slotAlert, (t) => message.test(t));
    assert.match(alert, message);
    assert.doesNotMatch(alert, /slots\.|file:/, "no raw field name");
  }
  const pageNotices = await driver.execute(`return document.querySelectorAll("[data-testid=wizard] .notice--error").length`);
  assert.equal(pageNotices, 0, "the page does not repeat a refusal told at its slot");
  await driver.execute(`document.querySelector(arguments[0]).scrollIntoView({ block: "center" })`, [slotAlert]);
  await shot("5-documents-refused-en");
  await driver.click(await driver.find("[data-testid=language-pt-BR]"));
  await pickInto("customer:PROOF_OF_ADDRESS", "Comprovante", join(FIXTURES, "empty.pdf"));
  await driver.waitForText(slotAlert, (t) => /vazio/i.test(t));
  await driver.execute(`document.querySelector(arguments[0]).scrollIntoView({ block: "center" })`, [slotAlert]);
  await shot("5-documents-refused-pt-BR");
  await driver.click(await driver.find("[data-testid=language-en]"));
  const afterRefusals = await sandboxStats(sandboxUrl);
  assert.equal(afterRefusals.documents, before.documents, "no refused file was sent");
  // The sandbox counts every request it serves, including the previous stats call.
  assert.equal(afterRefusals.requests, before.requests + 1, "no request at all left for a refused file");

  for (const [slotId, title, file] of [
    ["customer:ID_CARD:FRONT_SIDE", "ID card — front", "id-front.jpg"],
    ["customer:ID_CARD:BACK_SIDE", "ID card — back", "id-back.jpg"],
    ["customer:SELFIE", "Selfie", "selfie.png"],
    ["customer:PROOF_OF_ADDRESS", "Proof of address", "proof-of-address.pdf"],
  ]) {
    await pickInto(slotId, title, join(FIXTURES, file));
    const slot = `[data-testid="slot-${slotId}"]`;
    const picked = await driver.waitForText(`${slot} [data-testid=slot-file]`, (t) => t.includes(file));
    assert.match(picked, /SHA-256 [0-9a-f]{12}/);
    await driver.click(await driver.find(`${slot} [data-testid=slot-upload]`));
    await driver.waitFor(`${slot}[data-uploaded=true]`, { timeoutMs: 20000 });
  }
  await shot("5-documents-uploaded-en");
  await waitStepComplete("documents");
  const afterUploads = await sandboxStats(sandboxUrl);
  assert.equal(afterUploads.documents, before.documents + 4, "exactly one upload per document");

  await driver.click(await driver.find("[data-testid=step-review]"));
  await driver.waitFor("[data-testid=review-step]");
  await shot("6-review-en");
  await driver.click(await driver.find("[data-testid=start-verification]"));
  const status = await driver.waitForText(
    "[data-testid=verification-status]",
    (t) => /Approved/.test(t),
    { timeoutMs: 60000 },
  );
  assert.match(status, /Approved/);
  await shot("6-approved-en");
  // The analyst lands on the customer view.
  await driver.click(await driver.find("[data-testid=open-customer]"));
  const badge = await driver.waitForText("[data-testid=customer-view] .customer__title [data-status]", (t) => t.length > 0);
  assert.equal(badge, "Approved");
  assert.equal(await driver.text(await driver.find("[data-testid=customer-name]")), "Ana Beatriz Souza");
  await driver.execute("history.back()");
  await driver.waitFor("[data-testid=wizard]");
  const stats = await sandboxStats(sandboxUrl);
  assert.equal(stats.customers, before.customers, "the wizard created exactly one customer (already counted)");

  // The audit trail has every call of this flow, and its chain verifies.
  await driver.click(await driver.find("[data-testid=nav-settings]"));
  await driver.waitFor("[data-testid=audit-entry]");
  const actions = await driver.execute(
    `return [...document.querySelectorAll("[data-testid=audit-entry] td:nth-child(5)")].map((td) => td.textContent)`,
  );
  assert.ok(actions.includes("POST /customers"), actions.join(", "));
  assert.ok(actions.filter((a) => a.endsWith("/documents")).length >= 4, actions.join(", "));
  await driver.click(await driver.find("[data-testid=audit-verify]"));
  const check = await driver.waitForText("[data-testid=audit-check]", (t) => t.length > 0);
  assert.match(check, /Chain intact/);
  await driver.execute(`document.querySelector("[data-testid=audit-log]").scrollIntoView()`);
  await shot("7-audit-en");
  await driver.execute("history.back()");
  await driver.waitFor("[data-testid=wizard]");

  // The same draft, every step, in pt-BR.
  await driver.click(await driver.find("[data-testid=language-pt-BR]"));
  for (const step of ["customer", "terms", "additional", "documents", "review"]) {
    await driver.click(await driver.find(`[data-testid=step-${step}]`));
    await driver.waitFor(`[data-testid=wizard][data-step=${step}]`);
    await shot(`${step}-pt-BR`);
  }
  // The audit trail in pt-BR: each call's entry before sending reads "enviando".
  await driver.click(await driver.find("[data-testid=nav-settings]"));
  await driver.waitFor("[data-testid=audit-entry]");
  const outcomes = await driver.execute(
    `return [...document.querySelectorAll("[data-testid=audit-entry] .badge")].map((b) => b.textContent)`,
  );
  assert.ok(outcomes.includes("enviando") && outcomes.includes("feito"), outcomes.join(", "));
  const environments = await driver.execute(
    `return [...document.querySelectorAll("[data-testid=audit-entry] td:nth-child(4)")].map((c) => c.textContent)`,
  );
  assert.ok(environments.every((e) => e === "Sandbox local"), environments.join(", "));
  // Bringing the log into view scrolls the content, never the window: the top bar stays.
  await driver.execute(`document.querySelector("[data-testid=audit-entry]:last-child").scrollIntoView()`);
  const windowScroll = await driver.execute("return [window.scrollY, document.scrollingElement.scrollTop]");
  assert.deepEqual(windowScroll, [0, 0]);
  await driver.execute(`document.querySelector("[data-testid=audit-log]").scrollIntoView()`);
  await shot("7-audit-pt-BR");
  await driver.execute("history.back()");
  await driver.waitFor("[data-testid=wizard]");
  await driver.click(await driver.find("[data-testid=language-en]"));
}
