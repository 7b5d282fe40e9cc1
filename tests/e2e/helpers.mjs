// Shared E2E helpers: filling React-controlled inputs, driving the real GTK file dialog
// with xdotool, valid CPFs for the sandbox's taxId-digit rules, and sandbox stats.
import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";

/** Sets a controlled input/select/textarea the way a user edit would (React listens to
 * the native input event). Used for date inputs and selects, whose typing is locale- or
 * widget-dependent in WebKitGTK; text fields are typed for real with `driver.type`.
 *
 * Done only when React has rendered the value (the element's React props carry it): an
 * event a WebDriver script dispatches while an IPC answer is pending is sometimes not
 * delivered to React's handler in WebKitGTK (traced: the document's capture listener saw
 * it, the component's onChange never ran), and the next render puts the old value back.
 * Then the edit is made again. Keyboard input and clicks never lost an edit in the traces. */
export async function setValue(driver, css, value, { timeoutMs = 5000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rendered = await driver.execute(
      `const el = document.querySelector(arguments[0]);
       if (!el) throw new Error("no element " + arguments[0]);
       const key = Object.keys(el).find((k) => k.startsWith("__reactProps$"));
       if (key && String(el[key].value ?? "") === arguments[1]) return true;
       const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype
         : el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
       Object.getOwnPropertyDescriptor(proto, "value").set.call(el, arguments[1]);
       el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
       return false;`,
      [css, value],
    );
    if (rendered) return;
    if (Date.now() > deadline) throw new Error(`React never rendered ${JSON.stringify(value)} in ${css}`);
    // Give React a render before looking again.
    await new Promise((r) => setTimeout(r, 30));
  }
}

/** An individual's document slots with an ID card: slot id, file dialog title, fixture. */
export const INDIVIDUAL_DOCUMENTS = [
  ["customer:ID_CARD:FRONT_SIDE", "ID card — front", "id-front.jpg"],
  ["customer:ID_CARD:BACK_SIDE", "ID card — back", "id-back.jpg"],
  ["customer:SELFIE", "Selfie", "selfie.png"],
  ["customer:PROOF_OF_ADDRESS", "Proof of address", "proof-of-address.pdf"],
];

/** Ticks each `[path, option]` checkbox of the wizard's multi-selects, unless ticked. */
export async function chooseOptions(driver, choices) {
  for (const [path, option] of Object.entries(choices)) {
    const box = `[data-field="${path}"] [data-option=${option}]`;
    if ((await driver.findAll(`${box}:checked`)).length === 0) await driver.click(await driver.find(box));
  }
}

export async function typeInto(driver, css, text) {
  const el = await driver.waitFor(css);
  await driver.type(el, text);
}

function xdotool(...args) {
  return execFileSync("xdotool", args, { encoding: "utf8" }).trim();
}

/** Waits for the native "open file" dialog whose title contains `titlePart`, types the
 * absolute path into its location bar and confirms (tauri-setup.md §7). */
export async function answerFileDialog(titlePart, absolutePath, { timeoutMs = 20000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let win = "";
  while (Date.now() < deadline && !win) {
    try {
      win = xdotool("search", "--onlyvisible", "--name", titlePart).split("\n")[0] ?? "";
    } catch {
      win = "";
    }
    if (!win) await new Promise((r) => setTimeout(r, 200));
  }
  if (!win) throw new Error(`no file dialog titled ${titlePart}`);
  await new Promise((r) => setTimeout(r, 600));
  xdotool("windowfocus", "--sync", win);
  xdotool("key", "--window", win, "ctrl+l");
  await new Promise((r) => setTimeout(r, 300));
  // Slowly: GTK completes folder names as they load and would splice them into fast typing.
  xdotool("type", "--delay", "90", absolutePath);
  await new Promise((r) => setTimeout(r, 300));
  xdotool("key", "Return");
}

/** A valid CPF ending in `lastDigit` (the sandbox's outcome) and starting with
 * `firstDigit` (its RFI scenario; 1, the classic one, unless asked). */
export function cpfEndingIn(lastDigit, firstDigit = 1) {
  for (;;) {
    const d = [firstDigit, ...Array.from({ length: 8 }, () => Math.floor(Math.random() * 10))];
    if (d.every((x) => x === d[0])) continue;
    const check = (digits) => {
      const n = digits.length + 1;
      const sum = digits.reduce((s, x, i) => s + x * (n - i), 0);
      const r = (sum * 10) % 11;
      return r === 10 ? 0 : r;
    };
    const d1 = check(d);
    const d2 = check([...d, d1]);
    if (d2 !== lastDigit) continue;
    const s = [...d, d1, d2].join("");
    return `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}`;
  }
}

export function cnpjEndingIn(lastDigit, firstDigit = 1) {
  for (;;) {
    const d = [firstDigit, ...Array.from({ length: 7 }, () => Math.floor(Math.random() * 10)), 0, 0, 0, 1];
    const check = (digits) => {
      const weights = digits.length === 12 ? [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] : [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
      const sum = digits.reduce((s, x, i) => s + x * weights[i], 0);
      const r = sum % 11;
      return r < 2 ? 0 : 11 - r;
    };
    const d1 = check(d);
    const d2 = check([...d, d1]);
    if (d2 !== lastDigit) continue;
    const s = [...d, d1, d2].join("");
    return `${s.slice(0, 2)}.${s.slice(2, 5)}.${s.slice(5, 8)}/${s.slice(8, 12)}-${s.slice(12)}`;
  }
}

/** The embedded Local sandbox's bearer token: the app uses the test-only override that
 * with-tauri-driver.sh sets, so the tests know it too. */
export function localSandboxToken() {
  const token = process.env.LUMX_DESK_LOCAL_SANDBOX_TOKEN;
  if (!token) throw new Error("LUMX_DESK_LOCAL_SANDBOX_TOKEN must be set (tests/e2e/with-tauri-driver.sh does)");
  return token;
}

/** Sets the embedded Local sandbox's fault injection (`{}` turns every fault off). */
export async function setSandboxFaults(baseUrl, faults) {
  const res = await fetch(`${baseUrl}/_sandbox/faults`, {
    method: "PUT",
    headers: { authorization: `Bearer ${localSandboxToken()}`, "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
  if (!res.ok) throw new Error(`faults: ${res.status}`);
}

/** The embedded local sandbox's own counters (its `/_sandbox/stats` control route). */
export async function sandboxStats(baseUrl) {
  const res = await fetch(`${baseUrl}/_sandbox/stats`, {
    headers: { authorization: `Bearer ${localSandboxToken()}` },
  });
  if (!res.ok) throw new Error(`stats: ${res.status}`);
  return res.json();
}

/** The embedded Local sandbox's address, as Settings shows it. It starts on first use and
 * listens on a new port after every app start (its state persists). */
export async function localSandboxUrl(driver) {
  await driver.click(await driver.waitFor("[data-testid=nav-settings]"));
  await driver.click(await driver.waitFor("[data-testid=test-localSandbox]"));
  await driver.waitForText("[data-testid=conn-localSandbox]", (t) => t.length > 0);
  await driver.click(await driver.find("[data-testid=nav-settings]"));
  return driver.waitForText("[data-testid=env-url-localSandbox]", (t) => t.startsWith("http://127.0.0.1:"));
}

const FIXTURES = resolve("tests/fixtures");
const field = (path) => `[data-field="${path}"]`;

async function gotoStep(driver, step) {
  await driver.click(await driver.waitFor(`[data-testid=step-${step}]`));
  await driver.waitFor(`[data-testid=wizard][data-step=${step}]`);
}

async function stepComplete(driver, step) {
  await driver.waitFor(`[data-testid=step-${step}][data-complete=true]`, { timeoutMs: 20000 });
}

/** An individual from an empty wizard up to the review step, ready to start. Each
 * document is picked through the real dialog and uploaded; `documents` replaces the
 * fixture of a slot (`{ "customer:PROOF_OF_ADDRESS": "poa-blurry.jpg" }`), and
 * `beforeUpload(slotCss, slotId)` may look at a slot between pick and upload. */
export async function onboardIndividualUntilReview(driver, { name, taxId, email, documents = {}, beforeUpload }) {
  await driver.execute(`window.location.hash = "#/onboarding"`);
  await driver.click(await driver.waitFor("[data-testid=new-individual]"));
  await driver.waitFor("[data-testid=wizard][data-step=customer]");
  await typeInto(driver, field("customer.name"), name);
  await setValue(driver, field("customer.taxId"), taxId);
  await setValue(driver, field("customer.birthDate"), "1990-05-20");
  await setValue(driver, field("customer.email"), email);
  await driver.click(await driver.find("[data-testid=create-customer]"));
  await stepComplete(driver, "customer");
  await gotoStep(driver, "terms");
  await driver.click(await driver.waitFor("[data-testid=terms-accept-local]"));
  await stepComplete(driver, "terms");
  await gotoStep(driver, "additional");
  for (const [path, value] of [
    ["additional.phone", "+5511988887777"],
    ["additional.firstName", name.split(" ")[0]],
    ["additional.lastName", "Souza"],
    ["additional.address.country", "BRA"],
    ["additional.address.line1", "Rua das Flores, 10"],
    ["additional.address.city", "Curitiba"],
    ["additional.address.state", "PR"],
    ["additional.address.postalCode", "80010-000"],
    ["additional.monthlyVolumeInUSD", "3000"],
    ["additional.transactionVolumeInUSD", "500"],
    ["additional.professionalSituation", "EMPLOYEE"],
    ["additional.professionalOccupation", "Analyst"],
    ["additional.sourceOfFunds", "EMPLOYMENT"],
  ]) {
    await setValue(driver, field(path), value);
  }
  await chooseOptions(driver, {
    "additional.jurisdictions": "USA",
    "additional.involvedActivities": "NONE",
    "additional.transactionCounterparties": "SELF",
  });
  await driver.click(await driver.waitFor("[data-testid=send-additional]"));
  await stepComplete(driver, "additional");
  await gotoStep(driver, "documents");
  for (const [slotId, title, fixture] of INDIVIDUAL_DOCUMENTS) {
    const slot = `[data-testid="slot-${slotId}"]`;
    await driver.click(await driver.find(`${slot} [data-testid=slot-pick]`));
    await answerFileDialog(title, join(FIXTURES, documents[slotId] ?? fixture));
    await driver.waitFor(`${slot} [data-testid=slot-upload]`);
    if (beforeUpload) await beforeUpload(slot, slotId);
    await driver.click(await driver.find(`${slot} [data-testid=slot-upload]`));
    await driver.waitFor(`${slot}[data-uploaded=true]`, { timeoutMs: 20000 });
  }
  await stepComplete(driver, "documents");
  await gotoStep(driver, "review");
}
