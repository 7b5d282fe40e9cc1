import type { GuardProblem } from "../../api";
import { useI18n } from "../../i18n";

/** Scrolls to a document slot once the documents step shows it, and focuses it. */
export function focusSlot(slotId: string, tries = 60) {
  const slot = document.querySelector<HTMLElement>(`[data-slot-id="${CSS.escape(slotId)}"]`);
  if (!slot) {
    if (tries > 0) requestAnimationFrame(() => focusSlot(slotId, tries - 1));
    return;
  }
  slot.scrollIntoView({ block: "center" });
  slot.querySelector<HTMLElement>("input, button")?.focus();
}

/** Rust's guard before "Start verification": what the review would reject, each with a
 * way to the step or slot that fixes it. */
export function GuardList({ problems, onFix }: { problems: GuardProblem[]; onFix: (p: GuardProblem) => void }) {
  const { t } = useI18n();
  if (problems.length === 0) return null;
  return (
    <section aria-labelledby="guard-title" data-testid="guard">
      <h3 id="guard-title" className="section-gap">{t("guard.title")}</h3>
      <ul className="findings">
        {problems.map((p, i) => (
          <li
            key={`${p.check}-${p.slotId ?? i}`}
            className={`finding${p.blocking ? " finding--blocking" : ""}`}
            data-testid="guard-problem"
            data-check={p.check}
            data-blocking={p.blocking}
          >
            {p.message}{" "}
            <button type="button" className="button button--link" onClick={() => onFix(p)} data-testid="guard-fix">
              {t("guard.fix")}
            </button>
            {p.prevents.length > 0 && (
              <span className="finding__prevents muted small">{t("findings.prevents", { labels: p.prevents.join(", ") })}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
