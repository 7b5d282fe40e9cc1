// End to end: a business with a representative, a business shareholder and a UBO nested
// under it, each with their documents, through the real GTK dialog, to verification.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { WebDriver } from "./webdriver.mjs";
import { answerFileDialog, cnpjEndingIn, cpfEndingIn, localSandboxUrl, sandboxStats, setSandboxFaults, setValue, typeInto } from "./helpers.mjs";

const ARTIFACTS = process.env.E2E_ARTIFACTS ?? "tests/e2e/artifacts";
const FIXTURES = resolve("tests/fixtures");
let driver;

before(async () => {
  driver = await new WebDriver().start(process.env.LUMX_DESK_APP);
  await driver.waitFor("[data-testid=nav-onboarding]");
});

after(async () => {
  await driver?.quit();
});

const shot = (name) => driver.screenshot(join(ARTIFACTS, `business-${name}.png`));
const field = (path) => `[data-field="${path}"]`;
const complete = (step) => driver.waitFor(`[data-testid=step-${step}][data-complete=true]`, { timeoutMs: 20000 });

async function fillParty(i, p) {
  await setValue(driver, field(`parties[${i}].partyType`), p.type);
  await setValue(driver, field(`parties[${i}].role`), p.role);
  if (p.parent !== undefined) await setValue(driver, field(`parties[${i}].parentLocalId`), p.parent);
  if (p.type === "BUSINESS") {
    await typeInto(driver, field(`parties[${i}].legalName`), p.name);
    await setValue(driver, field(`parties[${i}].incorporationDate`), "2010-01-01");
  } else {
    await typeInto(driver, field(`parties[${i}].name`), p.name);
    await setValue(driver, field(`parties[${i}].birthDate`), "1985-07-10");
    await setValue(driver, field(`parties[${i}].identityDocument`), "PASSPORT");
  }
  await setValue(driver, field(`parties[${i}].taxId`), p.taxId);
  await typeInto(driver, field(`parties[${i}].email`), `${p.role.toLowerCase()}@example.com`);
  await typeInto(driver, field(`parties[${i}].address.line1`), "Rua B, 2");
  await typeInto(driver, field(`parties[${i}].address.city`), "Rio de Janeiro");
  await typeInto(driver, field(`parties[${i}].address.state`), "RJ");
  await typeInto(driver, field(`parties[${i}].address.postalCode`), "20000-000");
  if (p.pct) await typeInto(driver, field(`parties[${i}].ownershipPercentage`), p.pct);
}

test("a business with nested parties and their documents reaches verification", async () => {
  try {
    await businessFlow();
  } catch (e) {
    await shot("failure").catch(() => {});
    throw e;
  }
});

async function businessFlow() {
  const sandbox = await localSandboxUrl(driver);
  const partiesAtStart = (await sandboxStats(sandbox)).associatedParties;
  await driver.click(await driver.find("[data-testid=nav-onboarding]"));
  await driver.click(await driver.waitFor("[data-testid=new-business]"));
  await driver.waitFor("[data-testid=wizard][data-step=customer]");
  const legalName = "Padaria Estrela Ltda";
  await typeInto(driver, field("customer.legalName"), legalName);
  await setValue(driver, field("customer.taxId"), cnpjEndingIn(8));
  await setValue(driver, field("customer.incorporationDate"), "2015-03-10");
  await typeInto(driver, field("customer.email"), "financeiro@estrela.com.br");
  await driver.click(await driver.find(`${field("customer.currencies")} [data-option=USD]`));
  await driver.click(await driver.find("[data-testid=create-customer]"));
  await complete("customer");
  await driver.click(await driver.waitFor("[data-testid=terms-accept-local]"));
  await complete("terms");

  await driver.click(await driver.find("[data-testid=step-additional]"));
  await typeInto(driver, field("additional.phone"), "+552130000000");
  await typeInto(driver, field("additional.address.line1"), "Av. Atlântica, 1000");
  await typeInto(driver, field("additional.address.city"), "Rio de Janeiro");
  await typeInto(driver, field("additional.address.state"), "RJ");
  await typeInto(driver, field("additional.address.postalCode"), "22010-000");
  await typeInto(driver, field("additional.monthlyVolumeInUSD"), "50000.00");
  await typeInto(driver, field("additional.transactionVolumeInUSD"), "10000.00");
  await driver.click(await driver.find(`${field("additional.jurisdictions")} [data-option=USA]`));
  await driver.click(await driver.find(`${field("additional.involvedActivities")} [data-option=NONE]`));
  await driver.click(await driver.find(`${field("additional.transactionCounterparties")} [data-option=MERCHANTS_SUPPLIERS]`));
  await setValue(driver, field("additional.companyType"), "PAYMENT_GATEWAY");
  await typeInto(driver, field("additional.annualRevenue"), "1000000.00");
  await typeInto(driver, field("additional.monthlyTransactionVolume"), "100000.00");
  await typeInto(driver, field("additional.complianceAndAML"), "KYC on every merchant; AML monitoring.");
  await typeInto(driver, field("additional.website"), "https://estrela.com.br");
  await setValue(driver, field("additional.sourceOfFunds"), "COMPANY");
  await typeInto(driver, field("additional.servicesProvided"), "Bakery payments");
  await shot("3-additional-en");
  await driver.click(await driver.find("[data-testid=send-additional]"));
  await complete("additional");

  await driver.click(await driver.find("[data-testid=step-parties]"));
  await driver.waitFor("[data-testid=parties-step]");
  for (let i = 0; i < 3; i++) await driver.click(await driver.find("[data-testid=add-party]"));
  await driver.waitFor("[data-testid=party-2]");
  await fillParty(0, { type: "INDIVIDUAL", role: "REPRESENTATIVE", name: "Rita Representante", taxId: cpfEndingIn(1) });
  await fillParty(1, { type: "BUSINESS", role: "SHAREHOLDER", name: "Holding Estrela S.A", taxId: cnpjEndingIn(5), pct: "60" });
  const holdingId = await driver.execute(
    `return document.querySelector('[data-field="parties[2].parentLocalId"] option:nth-child(3)').value`,
  );
  await fillParty(2, { type: "INDIVIDUAL", role: "UBO", name: "Ulisses Beneficiario", taxId: cpfEndingIn(7), pct: "30", parent: holdingId });
  await shot("4-parties-en");
  // Lumx stores the representative and its answer is lost on the way back: the party's
  // fields stay as sent (Rust refuses edits to it) until it is sent again.
  await setSandboxFaults(sandbox, { dropAfterCommitRate: 1 });
  await driver.click(await driver.waitFor("[data-testid=send-party-0]"));
  await driver.waitFor("[data-testid=party-0] [data-testid=awaiting-answer]", { timeoutMs: 30000 });
  await setSandboxFaults(sandbox, {});
  const locked = await driver.execute(
    `return document.querySelector('[data-field="parties[0].name"]').matches(":disabled")`,
  );
  assert.equal(locked, true, "a party awaiting Lumx's answer cannot be edited");
  await driver.execute(`document.querySelector("[data-testid=party-0]").scrollIntoView()`);
  await shot("4b-party-awaiting-en");
  await driver.click(await driver.find("[data-testid=language-pt-BR]"));
  await driver.waitForText("[data-testid=party-0] [data-testid=awaiting-answer]", (t) => t.startsWith("Enviado"));
  await shot("4b-party-awaiting-pt-BR");
  await driver.click(await driver.find("[data-testid=language-en]"));
  for (let i = 0; i < 3; i++) {
    await driver.click(await driver.waitFor(`[data-testid=send-party-${i}]`));
    await driver.waitFor(`[data-testid=party-${i}] .badge--success`, { timeoutMs: 20000 });
  }
  // Sent again under the same key: Lumx replayed it, three parties in all.
  assert.equal((await sandboxStats(sandbox)).associatedParties - partiesAtStart, 3);
  await complete("parties");

  await driver.click(await driver.find("[data-testid=step-documents]"));
  await driver.waitFor("[data-testid=documents-step]");
  const slots = await driver.execute(
    `return [...document.querySelectorAll("[data-testid^=slot-]")]
       .filter((s) => s.querySelector(".badge--warning") && s.dataset.uploaded === "false")
       .map((s) => ({ id: s.dataset.testid.slice(5), title: s.querySelector("strong").textContent }))`,
  );
  assert.equal(slots.length, 10, JSON.stringify(slots));
  for (const { id, title } of slots) {
    const slot = `[data-testid="slot-${id}"]`;
    const file = /Passport/.test(title) ? "passport.jpg" : /Proof of address/.test(title) ? "proof-of-address.pdf" : "articles.pdf";
    await driver.click(await driver.find(`${slot} [data-testid=slot-pick]`));
    await answerFileDialog(title.split(" — ")[0], join(FIXTURES, file));
    await driver.waitForText(`${slot} [data-testid=slot-file]`, (t) => t.includes(file));
    await driver.click(await driver.find(`${slot} [data-testid=slot-upload]`));
    await driver.waitFor(`${slot}[data-uploaded=true]`, { timeoutMs: 20000 });
  }
  await complete("documents");
  await shot("5-documents-en");

  await driver.click(await driver.find("[data-testid=step-review]"));
  await driver.click(await driver.waitFor("[data-testid=start-verification]"));
  const status = await driver.waitForText(
    "[data-testid=verification-status]",
    (t) => /Under verification|Approved/.test(t),
    { timeoutMs: 30000 },
  );
  assert.match(status, /Under verification|Approved/);
  await shot("6-started-en");
}
