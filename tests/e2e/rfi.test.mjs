// End to end: RFI resolution on the embedded Local sandbox. A business in RFI (seeded)
// shows its declined document with the compliance comment and the flagged party; the
// analyst re-uploads each document through the real GTK dialog, sends it back, and the
// customer is approved. A final rejection offers no resubmission. A recorded transaction
// RFI shows its 24-hour deadline.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { WebDriver } from "./webdriver.mjs";
import { answerFileDialog, localSandboxUrl, setSandboxFaults, typeInto } from "./helpers.mjs";

const ARTIFACTS = process.env.E2E_ARTIFACTS ?? "tests/e2e/artifacts";
const FIXTURES = resolve("tests/fixtures");
let driver;

before(async () => {
  driver = await new WebDriver().start(process.env.LUMX_DESK_APP);
  await driver.waitFor("[data-testid=nav-rfis]");
});

after(async () => {
  await driver?.quit();
});

const shot = (name) => driver.screenshot(join(ARTIFACTS, `rfi-${name}.png`));

test("a business RFI is resolved item by item and approved", async () => {
  try {
    await resolveBusinessRfi();
  } catch (e) {
    await shot("failure").catch(() => {});
    throw e;
  }
});

async function resolveBusinessRfi() {
  await driver.click(await driver.find("[data-testid=nav-rfis]"));
  await driver.waitFor("[data-testid=rfi-customers] li", { timeoutMs: 30000 });
  await shot("inbox-en");
  // The navigation counts what the inbox shows (customers and accounts here).
  const [shown, nav] = await driver.execute(
    `return [document.querySelectorAll("[data-testid=rfi-customers] > li, [data-testid=rfi-accounts] > li").length,
             document.querySelector("[data-testid=nav-count-rfis]")?.textContent ?? "0"]`,
  );
  assert.equal(Number(nav), shown, "the navigation's count is the inbox's");
  // A business whose RFI flags an associated party.
  const ids = await driver.execute(
    `return [...document.querySelectorAll("[data-testid=rfi-customers] li")].map((li) => li.dataset.customerId)`,
  );
  let found = false;
  for (const id of ids) {
    await driver.execute(`window.location.hash = "#/rfis/" + arguments[0]`, [id]);
    await driver.waitFor(`[data-testid=rfi-view]`);
    await driver.waitFor("[data-testid=rfi-progress]");
    const partyGroups = await driver.execute(
      `return document.querySelectorAll("[data-testid^=rfi-group-]:not([data-testid=rfi-group-customer])").length`,
    );
    if (partyGroups > 0) {
      found = true;
      break;
    }
  }
  assert.ok(found, "the seed has a business RFI with a flagged party");
  const comment = await driver.text(await driver.find("[data-testid=rfi-comment]"));
  assert.ok(comment.length > 3, "the compliance comment is shown");
  await shot("checklist-en");

  const items = await driver.execute(
    `return [...document.querySelectorAll("[data-testid^=rfi-item-]")].map((li) => ({
       id: li.dataset.testid.slice(9),
       document: !!li.querySelector("[data-testid=rfi-resend]"),
       title: li.querySelector("strong").textContent,
     }))`,
  );
  for (const item of items) {
    const li = `[data-testid="rfi-item-${item.id}"]`;
    if (item.document) {
      await driver.click(await driver.find(`${li} [data-testid=rfi-resend]`));
      const file = /Passport|ID card|Driver|Selfie/.test(item.title) ? "passport.jpg" : "proof-of-address.pdf";
      await answerFileDialog(item.title.split(" — ")[0], join(FIXTURES, file));
      // Rust checks the pick for this item; it is sent only on "Send this file".
      await driver.click(await driver.waitFor(`${li} [data-testid=rfi-send]`, { timeoutMs: 20000 }));
    } else {
      await typeInto(driver, `${li} [data-testid=rfi-note]`, "Corrected and confirmed by email");
      await driver.click(await driver.find(`${li} [data-testid=rfi-mark-done]`));
    }
    await driver.waitFor(`${li}[data-done=true]`, { timeoutMs: 20000 });
  }
  const progress = await driver.text(await driver.find("[data-testid=rfi-progress]"));
  assert.match(progress, new RegExp(`${items.length} of ${items.length} done`));
  await shot("all-done-en");
  await driver.click(await driver.find("[data-testid=rfi-submit]"));
  await driver.waitFor("[data-testid=rfi-view][data-status=APPROVED]", { timeoutMs: 60000 });
  const rounds = await driver.findAll("[data-testid=rfi-round]");
  assert.equal(rounds.length, 1);
  // The round names what was re-sent like the checklist did, never by internal id.
  const roundText = await driver.execute(`return document.querySelector("[data-testid=rfi-round]").textContent`);
  assert.doesNotMatch(roundText, /customer:|party:|[0-9a-f]{8}-[0-9a-f]{4}-/, roundText);
  for (const item of items) assert.ok(roundText.includes(item.title), `${item.title} in ${roundText}`);
  const timeline = await driver.text(await driver.find("[data-testid=status-timeline]"));
  assert.match(timeline, /RFI[\s\S]*Under verification[\s\S]*Approved/);
  await driver.execute(`document.querySelector("[data-testid=rfi-rounds]").scrollIntoView({ block: "center" })`);
  await shot("approved-en");
  await driver.click(await driver.find("[data-testid=language-pt-BR]"));
  await driver.execute(`document.querySelector("[data-testid=rfi-rounds]").scrollIntoView({ block: "center" })`);
  await shot("approved-pt-BR");
  await driver.click(await driver.find("[data-testid=language-en]"));
}

test("a final rejection shows why and offers no resubmission", async () => {
  await driver.execute(`window.location.hash = "#/customers"`);
  await driver.click(await driver.waitFor("[data-testid=filter-status-FINAL_REJECTION]"));
  await driver.waitFor("[data-testid=customer-row]");
  const id = await driver.execute(`return document.querySelector("[data-testid=customer-row]").dataset.customerId`);
  await driver.click(await driver.find("[data-testid=filter-status-FINAL_REJECTION]"));
  await driver.execute(`window.location.hash = "#/rfis/" + arguments[0]`, [id]);
  const text = await driver.waitForText("[data-testid=rfi-final]", (t) => t.length > 0);
  assert.match(text, /No resubmission/);
  assert.equal((await driver.findAll("[data-testid=rfi-submit]")).length, 0);
});

test("a recorded transaction RFI shows its 24-hour deadline", async () => {
  await driver.execute(`window.location.hash = "#/rfis"`);
  // The inbox first: until it has loaded, the page still moves under the pointer.
  await driver.waitFor("[data-testid=rfi-customers] li", { timeoutMs: 30000 });
  await driver.click(await driver.waitFor("[data-testid=tx-new]"));
  await driver.waitFor("[data-testid=tx-transactionId]");
  await typeInto(driver, "[data-testid=tx-transactionId]", "onr_7f3a9c");
  await typeInto(driver, "[data-testid=tx-amount]", "1500.00");
  await driver.click(await driver.find("[data-testid=tx-save]"));
  const deadline = await driver.waitForText("[data-testid=tx-deadline]", (t) => t.length > 0);
  assert.match(deadline, /(23|24) h \d+ min left/);
  await shot("transactions-en");
});

test("a document Lumx flags without naming it is reviewed by hand, never re-sent", async () => {
  const base = await localSandboxUrl(driver);
  const setFaults = (faults) => setSandboxFaults(base, faults);
  await setFaults({ untypedDocumentReason: true });
  try {
    await driver.click(await driver.find("[data-testid=nav-rfis]"));
    await driver.waitFor("[data-testid=rfi-customers] li", { timeoutMs: 30000 });
    const id = await driver.execute(`return document.querySelector("[data-testid=rfi-customers] li").dataset.customerId`);
    await driver.execute(`window.location.hash = "#/rfis/" + arguments[0]`, [id]);
    const item = `[data-testid^="rfi-item-customer:UNIDENTIFIED"]`;
    const head = await driver.waitForText(`${item} .slot__head`, (t) => t.length > 0);
    assert.match(head, /did not name/);
    assert.match(await driver.text(await driver.find(`${item} [data-testid=rfi-comment]`)), /not the one requested/);
    const resend = await driver.execute(`return document.querySelectorAll(arguments[0] + " [data-testid=rfi-resend]").length`, [item]);
    assert.equal(resend, 0, "an unnamed document has nothing to upload against");
    await driver.execute(`document.querySelector(arguments[0]).scrollIntoView({ block: "center" })`, [item]);
    await shot("unidentified-en");
    await driver.click(await driver.find("[data-testid=language-pt-BR]"));
    await driver.waitForText(`${item} .slot__head`, (t) => /não identificou/.test(t));
    await driver.execute(`document.querySelector(arguments[0]).scrollIntoView({ block: "center" })`, [item]);
    await shot("unidentified-pt-BR");
    await driver.click(await driver.find("[data-testid=language-en]"));
  } finally {
    await setFaults({});
  }
});
