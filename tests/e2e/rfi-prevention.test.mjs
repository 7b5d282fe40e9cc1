// End to end: stopping the next RFI in the real app. An individual whose taxId asks the
// embedded sandbox for the "blurry proof of address" scenario is onboarded with a blurred
// photo of a bill: the wizard's slot warns before anything is sent (Rust's document
// checks), and the bill's issue date, 88 days ago, is flagged by the guard before
// "Start verification" (it will be over 90 days old when a 5-business-day review ends). After the RFI, picking the same file again for the declined item is blocked,
// naming the label and the round, in English and in Portuguese; a sharp photo of the
// same bill passes and is sent. The message for the customer says what to send again.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { WebDriver } from "./webdriver.mjs";
import { answerFileDialog, cpfEndingIn, onboardIndividualUntilReview, typeInto } from "./helpers.mjs";

const ARTIFACTS = process.env.E2E_ARTIFACTS ?? "tests/e2e/artifacts";
const FIXTURES = resolve("tests/fixtures");
const POA = "customer:PROOF_OF_ADDRESS";
const ISSUED_88_DAYS_AGO = new Date(Date.now() - 88 * 86_400_000).toISOString().slice(0, 10);
let driver;

before(async () => {
  driver = await new WebDriver().start(process.env.LUMX_DESK_APP);
  await driver.waitFor("[data-testid=nav-rfis]");
});

after(async () => {
  await driver?.quit();
});

const shot = (name) => driver.screenshot(join(ARTIFACTS, `rfi-prevention-${name}.png`));
const text = (css) => driver.execute(`return document.querySelector(arguments[0])?.textContent ?? ""`, [css]);

test("the rejected file is blocked with its label, and a sharp replacement passes", async () => {
  try {
    await flow();
  } catch (e) {
    await shot("failure").catch(() => {});
    throw e;
  }
});

async function flow() {
  const name = "Paula Prevenida";
  await onboardIndividualUntilReview(driver, {
    name,
    taxId: cpfEndingIn(2, 2),
    email: "paula.prevenida@example.com",
    documents: { [POA]: "poa-blurry.jpg" },
    beforeUpload: async (slot, slotId) => {
      if (slotId !== POA) return;
      // Rust warns in the slot before the file is sent.
      await driver.waitFor(`${slot} [data-testid=finding][data-check=blur]`);
      // The bill's issue date, 88 days ago: fine today, over 90 days when the review ends.
      await typeInto(driver, `${slot} [data-testid=slot-date]`, ISSUED_88_DAYS_AGO);
      await driver.click(await driver.find(`${slot} .slot__head`));
      await driver.waitFor(`${slot} [data-testid=slot-date][data-saved="${ISSUED_88_DAYS_AGO}"]`);
      await driver.execute(`document.querySelector(arguments[0]).scrollIntoView({ block: "center" })`, [slot]);
      await shot("slot-warning-en");
    },
  });
  // The guard before "Start verification" flags the ageing proof of address, in both
  // languages, and leads to its slot.
  const guard = "[data-testid=guard-problem][data-check=proofOfAddressAge]";
  const aged = await driver.waitForText(guard, (t) => t.includes("88 days ago"));
  assert.match(aged, /over Lumx's 90/, aged);
  await driver.execute(`document.querySelector("[data-testid=guard]").scrollIntoView({ block: "center" })`);
  await shot("guard-en");
  await driver.click(await driver.find("[data-testid=language-pt-BR]"));
  await driver.waitForText(guard, (t) => t.includes("há 88 dias"));
  await driver.execute(`document.querySelector("[data-testid=guard]").scrollIntoView({ block: "center" })`);
  await shot("guard-pt-BR");
  await driver.click(await driver.find("[data-testid=language-en]"));
  await driver.waitForText(guard, (t) => t.includes("88 days ago"));
  await driver.click(await driver.find(`${guard} [data-testid=guard-fix]`));
  await driver.waitFor(`[data-testid=wizard][data-step=documents]`);
  const focused = await driver.execute(`return document.activeElement?.closest("[data-slot-id]")?.dataset.slotId ?? ""`);
  assert.equal(focused, POA, "the guard leads to the proof of address");
  // The guard warns; the analyst may still start.
  await driver.click(await driver.waitFor(`[data-testid=step-review]`));
  await driver.waitFor(`[data-testid=wizard][data-step=review]`);
  await driver.click(await driver.find("[data-testid=start-verification]"));
  await driver.waitFor("[data-testid=verification-status] [data-status=RFI]", { timeoutMs: 60000 });

  await driver.execute(`window.location.hash = "#/rfis"`);
  await driver.waitFor("[data-testid=rfi-customers] li", { timeoutMs: 30000 });
  const id = await driver.execute(
    `return [...document.querySelectorAll("[data-testid=rfi-customers] li")]
       .find((li) => li.textContent.includes(arguments[0]))?.dataset.customerId ?? ""`,
    [name],
  );
  assert.ok(id, `${name} is in the RFI inbox`);
  await driver.execute(`window.location.hash = "#/rfis/" + arguments[0]`, [id]);
  const item = `[data-testid="rfi-item-${POA}"]`;
  await driver.waitFor(item);
  // The labels are explained from Rust's dictionary.
  const label = await text(`[data-testid=rfi-label][data-label=DOCUMENT_BLURRY]`);
  assert.match(label, /blurr/i, label);
  await shot("checklist-en");
  // The message for the customer: what to send again and how, never the reviewer's words.
  const message = await driver.execute(`return document.querySelector("[data-testid=customer-message-text]").value`);
  assert.match(message, /Proof of address: Take a new photo/, message);
  assert.doesNotMatch(message, /blurry and illegible/, message);
  await driver.execute(`document.querySelector("[data-testid=customer-message]").scrollIntoView({ block: "center" })`);
  await shot("message-en");

  // The same file again: blocked, with the label and the round; no sending without a reason.
  await driver.click(await driver.find(`${item} [data-testid=rfi-resend]`));
  await answerFileDialog("Proof of address", join(FIXTURES, "poa-blurry.jpg"));
  await driver.waitFor(`${item} [data-testid=rfi-picked][data-blocked=true]`, { timeoutMs: 20000 });
  const blocked = await text(`${item} [data-testid=finding][data-blocking=true]`);
  assert.match(blocked, /Lumx already rejected this file/, blocked);
  assert.match(blocked, /round 1/, blocked);
  assert.match(blocked, /DOCUMENT_BLURRY/, blocked);
  assert.equal(await driver.execute(`return document.querySelector(arguments[0]).disabled`, [`${item} [data-testid=rfi-send]`]), true);
  await driver.execute(`document.querySelector(arguments[0]).scrollIntoView({ block: "center" })`, [item]);
  await shot("blocked-en");

  // In Portuguese, the labels are explained again by Rust, and the same pick says the same.
  await driver.click(await driver.find("[data-testid=language-pt-BR]"));
  await driver.waitForText(`[data-testid=rfi-label][data-label=DOCUMENT_BLURRY]`, (t) => t.includes("desfocado"));
  await driver.click(await driver.waitFor(`${item} [data-testid=rfi-pick-other]`));
  await answerFileDialog("Comprovante de", join(FIXTURES, "poa-blurry.jpg"));
  await driver.waitForText(`${item} [data-testid=finding][data-blocking=true]`, (t) => t.includes("A Lumx já recusou este arquivo"), {
    timeoutMs: 20000,
  });
  const bloqueado = await text(`${item} [data-testid=finding][data-blocking=true]`);
  assert.match(bloqueado, /rodada 1/, bloqueado);
  await driver.execute(`document.querySelector(arguments[0]).scrollIntoView({ block: "center" })`, [item]);
  await shot("blocked-pt-BR");
  const mensagem = await driver.execute(`return document.querySelector("[data-testid=customer-message-text]").value`);
  assert.match(mensagem, /^Olá! Para concluir a sua verificação/, mensagem);
  assert.match(mensagem, /Comprovante de endereço: Tire uma nova foto/, mensagem);
  await driver.execute(`document.querySelector("[data-testid=customer-message]").scrollIntoView({ block: "center" })`);
  await shot("message-pt-BR");
  await driver.click(await driver.find("[data-testid=language-en]"));

  // A sharp photo of the same bill: nothing to warn about, and it is sent.
  await driver.click(await driver.find(`${item} [data-testid=rfi-pick-other]`));
  await answerFileDialog("Proof of address", join(FIXTURES, "poa-sharp.jpg"));
  await driver.waitFor(`${item} [data-testid=rfi-picked][data-blocked=false] [data-testid=no-findings]`, { timeoutMs: 20000 });
  await driver.click(await driver.find(`${item} [data-testid=rfi-send]`));
  await driver.waitFor(`${item}[data-done=true]`, { timeoutMs: 20000 });
  const done = await text(`${item} [data-testid=rfi-done]`);
  assert.match(done, /poa-sharp\.jpg/, done);
  await driver.execute(`document.querySelector(arguments[0]).scrollIntoView({ block: "center" })`, [item]);
  await shot("sent-en");
}
