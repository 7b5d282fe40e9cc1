import { toneOf, useVocabulary } from "../app/vocabulary";
import { useI18n } from "../i18n";
import type { MessageKey } from "../i18n/en";

/** A status as text on a tinted pill: colour reinforces, the words carry the meaning.
 * The tone is Rust's (`Vocabulary.statuses`); a status nobody has words for yet reads
 * in plain case, neutral. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  const tone = toneOf(useVocabulary(), status);
  return (
    <span className={`badge badge--${tone}`} data-status={status}>
      {t(`status.${status.toUpperCase()}` as MessageKey)}
    </span>
  );
}
