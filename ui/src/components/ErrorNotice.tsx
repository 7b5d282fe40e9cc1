import type { DeskError } from "../api";
import { fieldErrors } from "../api";
import { useI18n } from "../i18n";

/** Shows an error's message and, when it is about inputs, what to fix. */
export function ErrorNotice({ error, onRetry }: { error: DeskError; onRetry?: () => void }) {
  const { t } = useI18n();
  // What to fix, in words (never a raw field path); not the headline again.
  const details = [...new Set(fieldErrors(error).map((f) => f.message))].filter((m) => m !== error.message);
  return (
    <div className="notice notice--error" role="alert" data-error-code={error.code}>
      <strong>{t("error.title")}</strong>
      <p>{error.message}</p>
      {details.length > 0 && (
        <>
          <p>{t("error.fields")}</p>
          <ul>
            {details.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </>
      )}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t("error.retry")}
        </button>
      )}
    </div>
  );
}
