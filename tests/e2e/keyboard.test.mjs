// End to end: an individual onboarded to APPROVED with the keyboard alone. Every move is
// Tab (or Shift+Tab), Enter, Space, typing or arrows, sent as key presses to whatever has
// the focus; no element is clicked and no value is set by script. The native file dialog
// is answered as everywhere else (xdotool): it is GTK's, not the app's. At every stop the
// focused element must show its focus.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { Keys, WebDriver } from "./webdriver.mjs";
import { INDIVIDUAL_DOCUMENTS, answerFileDialog, cpfEndingIn } from "./helpers.mjs";

const ARTIFACTS = process.env.E2E_ARTIFACTS ?? "tests/e2e/artifacts";
const FIXTURES = resolve("tests/fixtures");
let driver;
/** Every element the focus stopped on, and whether its focus showed. */
const stops = [];

before(async () => {
  driver = await new WebDriver().start(process.env.LUMX_DESK_APP);
  await driver.waitFor("[data-testid=nav-onboarding]", { timeoutMs: 30000 }).catch(async (e) => {
    await driver.screenshot(join(ARTIFACTS, "keyboard-failure.png"), { audit: false }).catch(() => {});
    throw e;
  });
});

after(async () => {
  await driver?.quit();
});

const field = (path) => `[data-field="${path}"]`;

/** What has the focus: whether it matches `css`, and whether its focus is visible. */
function focused(css) {
  return driver.execute(
    `const el = document.activeElement;
     if (!el || el === document.body) return { none: true };
     const s = getComputedStyle(el);
     const ring = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
     return { matches: el.matches(arguments[0]), visible: el.matches(":focus-visible") && ring,
              name: el.dataset.testid || el.dataset.field || el.dataset.option || el.id || el.tagName };`,
    [css],
  );
}

/** Tabs forward (or back) until `css` has the focus, checking each stop shows its focus. */
async function tabTo(css, { back = false, max = 120 } = {}) {
  for (let i = 0; i < max; i++) {
    await driver.keys(back ? [Keys.SHIFT, Keys.TAB] : Keys.TAB);
    const at = await focused(css);
    if (at.none) continue;
    stops.push(at);
    assert.ok(at.visible, `focus not visible on ${at.name}`);
    if (at.matches) return;
  }
  throw new Error(`Tab never reached ${css}`);
}

async function typeAt(css, text) {
  await tabTo(css);
  await driver.keys(...text);
}

async function press(css, key = Keys.ENTER) {
  await tabTo(css);
  await driver.keys(key);
}

async function complete(step) {
  await driver.waitFor(`[data-testid=step-${step}][data-complete=true]`, { timeoutMs: 20000 });
}

/** Goes to a wizard step by its tab. */
async function step(id) {
  await press(`[data-testid=step-${id}]`);
  await driver.waitFor(`[data-testid=wizard][data-step=${id}]`);
}

/** A select chosen by typing the start of its option's label, as a keyboard user does. */
async function choose(css, label, value) {
  await tabTo(css);
  await driver.keys(...label);
  const chosen = await driver.execute(`return document.querySelector(arguments[0]).value`, [css]);
  assert.equal(chosen, value, `${css} chose ${value} by typing "${label}"`);
}

test("an individual is onboarded to APPROVED with the keyboard alone", async () => {
  try {
    await press("[data-testid=nav-onboarding]");
    await press("[data-testid=new-individual]");
    await driver.waitFor("[data-testid=wizard][data-step=customer]");
    await typeAt(field("customer.name"), "Karla Teclado Souza");
    await typeAt(field("customer.taxId"), cpfEndingIn(6));
    await typeAt(field("customer.birthDate"), "1988-03-14");
    await typeAt(field("customer.email"), "karla.teclado@example.com");
    await driver.screenshot(join(ARTIFACTS, "keyboard-1-customer-en.png"));
    await press("[data-testid=create-customer]");
    await complete("customer");

    await step("terms");
    await press("[data-testid=terms-accept-local]");
    await complete("terms");

    await step("additional");
    await typeAt(field("additional.phone"), "+5511988887777");
    // Already there, from the full name.
    const names = await driver.execute(
      `return ["firstName", "middleName", "lastName"].map((n) => document.querySelector('[data-field="additional.' + n + '"]').value)`,
    );
    assert.deepEqual(names, ["Karla", "Teclado", "Souza"]);
    await choose(field("additional.address.country"), "Brazil", "BRA");
    await typeAt(field("additional.address.line1"), "Rua das Teclas, 12");
    await typeAt(field("additional.address.city"), "Recife");
    await typeAt(field("additional.address.state"), "PE");
    await typeAt(field("additional.address.postalCode"), "50010-000");
    await typeAt(field("additional.monthlyVolumeInUSD"), "4000");
    await typeAt(field("additional.transactionVolumeInUSD"), "800");
    for (const [path, option] of [
      ["additional.jurisdictions", "USA"],
      ["additional.involvedActivities", "NONE"],
      ["additional.transactionCounterparties", "SELF"],
    ]) {
      await press(`${field(path)} [data-option=${option}]`, Keys.SPACE);
    }
    await choose(field("additional.professionalSituation"), "Employee", "EMPLOYEE");
    await typeAt(field("additional.professionalOccupation"), "Teacher");
    await choose(field("additional.sourceOfFunds"), "Employment", "EMPLOYMENT");
    await driver.screenshot(join(ARTIFACTS, "keyboard-2-additional-en.png"));
    await press("[data-testid=send-additional]");
    await complete("additional");

    await step("documents");
    for (const [slotId, title, file] of INDIVIDUAL_DOCUMENTS) {
      const slot = `[data-testid="slot-${slotId}"]`;
      await press(`${slot} [data-testid=slot-pick]`);
      await answerFileDialog(title, join(FIXTURES, file));
      await driver.waitFor(`${slot} [data-testid=slot-file]`);
      await press(`${slot} [data-testid=slot-upload]`);
      await driver.waitFor(`${slot}[data-uploaded=true]`, { timeoutMs: 20000 });
    }
    await complete("documents");

    await step("review");
    await press("[data-testid=start-verification]");
    await driver.waitFor("[data-testid=verification-status] [data-status=APPROVED]", { timeoutMs: 60000 });
    await driver.screenshot(join(ARTIFACTS, "keyboard-3-approved-en.png"));
    // Back along the way: Shift+Tab reaches the step tabs again, focus still visible.
    await tabTo("[data-testid=step-customer]", { back: true });
    assert.ok(stops.length > 40, `the focus stopped ${stops.length} times`);
  } catch (e) {
    await driver.screenshot(join(ARTIFACTS, "keyboard-failure.png")).catch(() => {});
    throw e;
  }
});
