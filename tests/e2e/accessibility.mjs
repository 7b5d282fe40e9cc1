// axe-core inside the real webview: every screen the E2E photographs is also audited, and
// a serious or critical violation fails the test at that screen. The report of each
// screen (every violation, any impact) is kept beside its screenshot.
import { readFileSync } from "node:fs";
import { writeFile, mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";

const AXE = readFileSync(resolve("ui/node_modules/axe-core/axe.min.js"), "utf8");
// WCAG 2.1 A and AA, the level public services in Brazil (eMAG) and the EU ask for.
const OPTIONS = { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] };

/** Runs axe on the current document; returns its violations, each with a few targets. */
export async function axeViolations(driver) {
  const injected = await driver.execute("return typeof window.axe === 'object'");
  // The SPA keeps one document for the session: axe is injected once, not per screen.
  if (!injected) await driver.execute(`${AXE}; return true;`);
  const result = await driver.executeAsync(
    `const done = arguments[arguments.length - 1];
     window.axe.run(document, arguments[0]).then(
       (r) => done(r.violations.map((v) => ({
         id: v.id, impact: v.impact, help: v.help,
         targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
         summary: v.nodes[0]?.failureSummary ?? "",
       }))),
       (e) => done({ error: String(e) }));`,
    [OPTIONS],
  );
  if (!Array.isArray(result)) throw new Error(`axe failed: ${result?.error}`);
  return result;
}

/** Audits the screen; writes `<png path>.axe.json`; throws on serious/critical ones. */
export async function auditScreen(driver, pngPath) {
  const violations = await axeViolations(driver);
  const report = `${pngPath.replace(/\.png$/, "")}.axe.json`;
  await mkdir(dirname(report), { recursive: true });
  await writeFile(report, JSON.stringify(violations, null, 2));
  const blocking = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  // E2E_AXE_REPORT_ONLY=1: survey every screen in one run (reports only), while fixing.
  if (blocking.length > 0 && process.env.E2E_AXE_REPORT_ONLY !== "1") {
    const lines = blocking.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.targets.join(", ")} — ${v.summary}`);
    throw new Error(`accessibility (${pngPath}):\n${lines.join("\n")}`);
  }
}
