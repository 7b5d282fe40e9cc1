// Crash safety, as a loop: complete individual onboardings during which the real app is
// killed with SIGKILL (no shutdown code runs, as in a crash or power loss) at random
// points — in the middle of typing a field, right after an edit is saved (autosave has
// no delay), after a file pick, or in the middle of an API request or an upload (the
// proof of address is a 20 MB PDF) — at least 20 times in all. After every reopen the draft is resumed from the
// drafts list and must hold every value and file entered so far; the finished flows must
// have created exactly one customer and one document per slot each.
// E2E_SEED=<n> replays the same kill points.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readlinkSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { WebDriver } from "./webdriver.mjs";
import { answerFileDialog, chooseOptions, cpfEndingIn, localSandboxUrl, sandboxStats, setValue, typeInto } from "./helpers.mjs";

const APP = process.env.LUMX_DESK_APP;
const ARTIFACTS = process.env.E2E_ARTIFACTS ?? "tests/e2e/artifacts";
const FLOWS = 3;
const KILLS_PER_FLOW = 7;
const SEED = Number(process.env.E2E_SEED ?? Date.now() % 1_000_000);
const field = (path) => `[data-field="${path}"]`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let driver;

after(async () => {
  await driver?.quit();
});

/** Polls `condition` (a DOM read) until it holds: synchronisation on the app's own state. */
async function waitUntil(condition, what, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    assert.ok(Date.now() < deadline, `timed out: ${what}`);
    await sleep(20);
  }
}

/** A small seeded PRNG (mulberry32), so a failing run can be replayed with E2E_SEED. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function killApp() {
  // Only processes running the binary under test.
  let killed = 0;
  for (const pid of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    try {
      if (readlinkSync(`/proc/${pid}/exe`) === APP) {
        process.kill(Number(pid), "SIGKILL");
        killed++;
      }
    } catch {
      /* not ours, or already gone */
    }
  }
  assert.ok(killed > 0, "the app was running when it was killed");
}

async function reopen() {
  await driver?.quit().catch(() => {});
  await sleep(300);
  driver = await new WebDriver().start(APP);
  await driver.waitFor("[data-testid=nav-onboarding]");
}

/** Opens the draft the way an analyst does after a crash: from the drafts list. */
async function resume(draftId) {
  await driver.click(await driver.find("[data-testid=nav-onboarding]"));
  await driver.waitFor(`[data-testid=draft-row][data-draft-id="${draftId}"]`);
  await driver.click(await driver.find(`[data-testid=draft-row][data-draft-id="${draftId}"] [data-testid=draft-resume]`));
  await driver.waitFor(`[data-testid=wizard][data-draft-id="${draftId}"]`);
}

async function goto(step) {
  // A tab can be briefly not interactable (scrolled away, or the page re-rendering after a
  // reopen); bring it into view and try again.
  for (let tries = 0; ; tries++) {
    try {
      await driver.click(await driver.waitFor(`[data-testid=step-${step}]`));
      break;
    } catch (e) {
      if (e.webdriverError !== "element not interactable" || tries >= 50) throw e;
      await driver.execute(`document.querySelector(arguments[0])?.scrollIntoView({ block: "center" })`, [`[data-testid=step-${step}]`]);
      await sleep(200);
    }
  }
  await driver.waitFor(`[data-testid=wizard][data-step=${step}]`);
}

const isComplete = async (step) =>
  (await driver.findAll(`[data-testid=step-${step}][data-complete=true]`)).length > 0;

/** Short copies of the fixtures: the file dialog is typed into one character at a time. */
function shortFixtures() {
  const dir = mkdtempSync("/tmp/lxc-");
  const files = { f: "id-front.jpg", b: "id-back.jpg", s: "selfie.png", p: "proof-of-address.pdf" };
  const out = {};
  for (const [short, name] of Object.entries(files)) {
    const ext = name.slice(name.lastIndexOf("."));
    out[short] = join(dir, `${short}${ext}`);
    copyFileSync(resolve("tests/fixtures", name), out[short]);
  }
  // A 20 MB PDF (the fixture, padded after its end), so kills land mid-upload.
  appendFileSync(out.p, Buffer.alloc(20 * 1024 * 1024, 0x20));
  return out;
}

/** One individual onboarding as a list of actions. Each records what it entered (fields
 * and files) so every reopen can check it; an API action may be cut off mid-request
 * (`interrupt`) and must be finishable after the reopen. */
const CHOICES = {
  "additional.jurisdictions": "USA",
  "additional.involvedActivities": "NONE",
  "additional.transactionCounterparties": "SELF",
};

function individualActions(n, fixtures) {
  const name = `Crash Loop ${n} Souza`;
  const taxId = cpfEndingIn(4);
  const value = (step, path, v, typed = false) => ({
    label: `${step}:${path}`,
    fields: { [path]: [step, v] },
    typed,
    run: async ({ upTo = v.length } = {}) => {
      await goto(step);
      if (typed) {
        // Appends: after a kill mid-typing the field holds what was typed so far.
        // A name prefilled from the full name may already be all there.
        const shown = await driver.execute(`return document.querySelector(arguments[0]).value`, [field(path)]);
        const rest = v.slice(shown.length, upTo);
        if (rest) await typeInto(driver, field(path), rest);
      } else await setValue(driver, field(path), v);
    },
  });
  const request = (step, label, testid, done) => ({
    label,
    request: true,
    run: async ({ interrupt }) => {
      if (await done()) return;
      await goto(step);
      await driver.click(await driver.waitFor(`[data-testid=${testid}]`));
      if (interrupt) return sleep(interrupt);
      for (let i = 0; i < 200 && !(await done()); i++) await sleep(100);
      assert.ok(await done(), `${label} finished`);
    },
  });
  const slots = [
    ["customer:ID_CARD:FRONT_SIDE", "ID card — front", fixtures.f],
    ["customer:ID_CARD:BACK_SIDE", "ID card — back", fixtures.b],
    ["customer:SELFIE", "Selfie", fixtures.s],
    ["customer:PROOF_OF_ADDRESS", "Proof of address", fixtures.p],
  ];
  const slotSel = (id) => `[data-testid="slot-${id}"]`;
  const uploaded = async (id) => (await driver.findAll(`${slotSel(id)}[data-uploaded=true]`)).length > 0;
  return {
    name,
    taxId,
    actions: [
      value("customer", "customer.name", name, true),
      value("customer", "customer.taxId", taxId),
      value("customer", "customer.birthDate", "1991-07-15"),
      value("customer", "customer.email", `crash.loop.${n}@example.com`),
      request("customer", "create customer", "create-customer", () => isComplete("customer")),
      request("terms", "accept terms", "terms-accept-local", () => isComplete("terms")),
      value("additional", "additional.phone", "+5511988887777"),
      // Prefilled from the full name when the customer is created: set, not typed.
      value("additional", "additional.firstName", "Crash"),
      value("additional", "additional.lastName", "Souza"),
      value("additional", "additional.address.country", "BRA"),
      value("additional", "additional.address.line1", "Rua das Flores, 10"),
      value("additional", "additional.address.city", "Curitiba", true),
      value("additional", "additional.address.state", "PR"),
      value("additional", "additional.address.postalCode", "80010-000"),
      value("additional", "additional.monthlyVolumeInUSD", "3000"),
      value("additional", "additional.transactionVolumeInUSD", "500"),
      {
        label: "additional:choices",
        options: CHOICES,
        run: async () => {
          await goto("additional");
          await chooseOptions(driver, CHOICES);
        },
      },
      value("additional", "additional.professionalSituation", "EMPLOYEE"),
      value("additional", "additional.professionalOccupation", "Analyst", true),
      value("additional", "additional.sourceOfFunds", "EMPLOYMENT"),
      request("additional", "send additional information", "send-additional", () => isComplete("additional")),
      ...slots.flatMap(([id, title, file]) => [
        {
          label: `pick ${id}`,
          files: { [id]: file.slice(file.lastIndexOf("/") + 1) },
          run: async () => {
            await goto("documents");
            if ((await driver.findAll(`${slotSel(id)} [data-testid=slot-file]`)).length > 0) return;
            await driver.click(await driver.find(`${slotSel(id)} [data-testid=slot-pick]`));
            await answerFileDialog(title, file);
            await driver.waitFor(`${slotSel(id)} [data-testid=slot-file]`);
          },
        },
        {
          label: `upload ${id}`,
          request: true,
          run: async ({ interrupt }) => {
            await goto("documents");
            if (await uploaded(id)) return;
            await driver.click(await driver.waitFor(`${slotSel(id)} [data-testid=slot-upload]`));
            if (interrupt) return sleep(interrupt);
            await driver.waitFor(`${slotSel(id)}[data-uploaded=true]`, { timeoutMs: 20000 });
          },
        },
      ]),
      {
        label: "start verification",
        request: true,
        run: async ({ interrupt }) => {
          await goto("review");
          const started = async () => (await driver.findAll("[data-testid=verification-status]")).length > 0;
          if (!(await started())) {
            await driver.click(await driver.waitFor("[data-testid=start-verification]"));
            if (interrupt) return sleep(interrupt);
          }
          await driver.waitForText("[data-testid=verification-status]", (t) => /Approved/.test(t), { timeoutMs: 60000 });
        },
      },
    ],
  };
}

/** Everything entered so far is still there: field values step by step, picked files. */
async function checkNothingLost(flow, entered, options, files, context) {
  const byStep = {};
  for (const [path, [step, v]] of Object.entries(entered)) (byStep[step] ??= {})[path] = v;
  for (const [step, fields] of Object.entries(byStep)) {
    await goto(step);
    const shown = await driver.execute(
      `return arguments[0].map((p) => { const el = document.querySelector('[data-field="' + p + '"]'); return el ? [el.value, el.disabled] : null; })`,
      [Object.keys(fields)],
    );
    // Once the customer exists at Lumx its tax id is never sent again, so the draft keeps
    // only a masked copy (personal data at rest) and the field is read-only.
    const expected = Object.entries(fields).map(([p, v], i) =>
      p === "customer.taxId" && shown[i]?.[1] ? `***.***.${v.slice(8)}` : v,
    );
    const actual = shown.map((s) => s?.[0] ?? null);
    assert.deepEqual(actual, expected, `${flow.name}: fields of ${step} after ${context}`);
  }
  if (Object.keys(options).length > 0) {
    await goto("additional");
    const checked = await driver.execute(
      `return arguments[0].map(([p, o]) => document.querySelector('[data-field="' + p + '"] [data-option="' + o + '"]')?.checked ?? null)`,
      [Object.entries(options)],
    );
    assert.ok(checked.every((c) => c === true), `${flow.name}: options after ${context}: ${checked}`);
  }
  if (Object.keys(files).length > 0) {
    await goto("documents");
    for (const [slot, fileName] of Object.entries(files)) {
      const text = await driver.waitForText(`[data-testid="slot-${slot}"]`, (t) => t.includes(fileName), { timeoutMs: 5000 });
      assert.match(text, new RegExp(fileName.replace(".", "\\.")), `${flow.name}: ${slot} after ${context}`);
    }
  }
}

test(`the app killed ${FLOWS * KILLS_PER_FLOW} times mid-wizard loses nothing and duplicates nothing`, async () => {
  const began = Date.now();
  const random = rng(SEED);
  console.log(`crash loop seed: ${SEED} (E2E_SEED=${SEED} replays it)`);
  const fixtures = shortFixtures();
  await reopen();
  const before = await sandboxStats(await localSandboxUrl(driver));
  let kills = 0;
  const log = [];

  for (let n = 1; n <= FLOWS; n++) {
    const flow = individualActions(n, fixtures);
    // Kill points: distinct action indices, chosen by the seed.
    const points = new Set();
    while (points.size < KILLS_PER_FLOW) points.add(Math.floor(random() * flow.actions.length));

    await driver.click(await driver.find("[data-testid=nav-onboarding]"));
    await driver.click(await driver.waitFor("[data-testid=new-individual]"));
    const draftId = await driver.attribute(await driver.waitFor("[data-testid=wizard]"), "data-draft-id");
    const entered = {};
    const files = {};
    const options = {};
    for (const [i, action] of flow.actions.entries()) {
      const kill = points.has(i);
      // An API action killed half of the time mid-request, 0–400 ms after the click.
      const interrupt = kill && action.request && random() < 0.5 ? Math.floor(random() * 400) : 0;
      // A typed field killed half of the time in the middle of typing it.
      const [typedPath, [typedStep, typedValue]] = action.typed ? Object.entries(action.fields)[0] : [null, [null, ""]];
      const upTo = kill && action.typed && random() < 0.5 ? 1 + Math.floor(random() * (typedValue.length - 1)) : typedValue.length;
      await action.run({ interrupt, upTo });
      Object.assign(entered, action.fields ?? {});
      if (upTo < typedValue.length) entered[typedPath] = [typedStep, typedValue.slice(0, upTo)];
      Object.assign(files, action.files ?? {});
      Object.assign(options, action.options ?? {});
      if (!kill) continue;
      // Every edit is saved as soon as the save before it returns: the kill comes the
      // moment the wizard says Rust has them all. API steps and picks are saved before
      // they return.
      if (!interrupt) {
        await driver.waitFor("[data-testid=wizard]");
        await waitUntil(async () => {
          const [edits, saved] = await driver.execute(
            `const w = document.querySelector("[data-testid=wizard]"); return [w.dataset.edits, w.dataset.savedEdits]`,
          );
          return edits === saved;
        }, `${action.label}: every edit saved`);
      }
      killApp();
      kills++;
      const partly = upTo < typedValue.length ? ` (mid-typing, ${upTo}/${typedValue.length} chars)` : "";
      log.push(`${n}:${action.label}${interrupt ? ` (mid-request, +${interrupt} ms)` : ""}${partly}`);
      await reopen();
      await resume(draftId);
      await checkNothingLost(flow, entered, options, files, `kill ${kills} (${action.label})`);
      // A cut-off request is finished now: same draft, same Idempotency-Key.
      if (interrupt) await action.run({ interrupt: 0 });
      // A cut-off field is typed to its end.
      if (upTo < typedValue.length) {
        await action.run({});
        entered[typedPath] = [typedStep, typedValue];
      }
    }
    await driver.screenshot(join(ARTIFACTS, `crash-loop-${n}-approved.png`));
  }

  // The embedded sandbox listens on a new port after each start; its state persists.
  const afterStats = await sandboxStats(await localSandboxUrl(driver));
  const figures = [
    "### Crash loop (E2E, SIGKILL)",
    "",
    `${FLOWS} individual onboardings to APPROVED, ${kills} kills (seed ${SEED}), ${((Date.now() - began) / 1000).toFixed(0)} s;`,
    `customers +${afterStats.customers - before.customers}, documents +${afterStats.documents - before.documents}, verifications +${afterStats.verificationsStarted - before.verificationsStarted}.`,
    "",
    `Kill points: ${log.join(", ")}.`,
    "",
  ].join("\n");
  console.log(figures);
  if (process.env.LUMX_FIGURES_DIR) {
    mkdirSync(process.env.LUMX_FIGURES_DIR, { recursive: true });
    writeFileSync(join(process.env.LUMX_FIGURES_DIR, "crash-loop.md"), figures);
  }
  assert.ok(kills >= 20, `at least 20 kills (${kills})`);
  assert.equal(afterStats.customers, before.customers + FLOWS, "exactly one customer per finished flow");
  assert.equal(afterStats.documents, before.documents + 4 * FLOWS, "exactly one document per slot");
  assert.equal(afterStats.verificationsStarted, before.verificationsStarted + FLOWS, "exactly one verification per flow");
});
