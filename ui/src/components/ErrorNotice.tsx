import type { DeskError } from "../api";
import { fieldErrors } from "../api";
import { useI18n } from "../i18n";

/** Shows an error's message and, when it is about inputs, which fields to fix. */
export function ErrorNotice({ error, onRetry }: { error: DeskError; onRetry?: () => void }) {
  const { t } = useI18n();
  const fields = fieldErrors(error);
  return (
    <div className="notice notice--error" role="alert" data-error-code={error.code}>
      <strong>{t("error.title")}</strong>
      <p>{error.message}</p>
      {fields.length > 0 && (
        <>
          <p>{t("error.fields")}</p>
          <ul>
            {fields.map((f) => (
              <li key={f.field}>
                <code>{f.field}</code>: {f.message}
              </li>
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
