import { useEffect, useState } from "react";
import { api, fieldError, toDeskError, type DeskError, type DraftRetention } from "../api";
import { ErrorNotice } from "../components/ErrorNotice";
import { useI18n } from "../i18n";

/** "Delete local drafts of decided customers after N days": Rust validates and applies it. */
export function DraftRetentionSettings() {
  const { t } = useI18n();
  const [saved, setSaved] = useState<DraftRetention | null>(null);
  const [days, setDays] = useState("");
  const [error, setError] = useState<DeskError | null>(null);

  useEffect(() => {
    api.draftRetention().then(
      (r) => {
        setSaved(r);
        setDays(String(r.days));
      },
      (e: unknown) => setError(toDeskError(e)),
    );
  }, []);

  const save = async (next: DraftRetention) => {
    try {
      const r = await api.setDraftRetention(next);
      setSaved(r);
      setDays(String(r.days));
      setError(null);
    } catch (e) {
      setError(toDeskError(e));
    }
  };

  const daysProblem = fieldError(error, "days");
  return (
    <section className="card" aria-labelledby="settings-privacy">
      <h2 id="settings-privacy">{t("settings.privacy")}</h2>
      {saved && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            // Not a whole number reaches Rust as 0, which it refuses with a message.
            void save({ enabled: saved.enabled, days: Number.parseInt(days, 10) || 0 });
          }}
        >
          <label className="field">
            <span>
              <input
                type="checkbox"
                checked={saved.enabled}
                onChange={(e) => void save({ enabled: e.target.checked, days: saved.days })}
                data-testid="retention-enabled"
              />{" "}
              {t("settings.retention.enabled")}
            </span>
          </label>
          <label className="field">
            <span className="field__label">{t("settings.retention.days")}</span>
            <input
              type="number"
              min={1}
              max={3650}
              step={1}
              value={days}
              disabled={!saved.enabled}
              aria-invalid={daysProblem ? true : undefined}
              onChange={(e) => setDays(e.target.value)}
              data-testid="retention-days"
            />
            {daysProblem && <span className="field__error">{daysProblem}</span>}
          </label>
          <button type="submit" className="button" disabled={!saved.enabled || days === String(saved.days)}>
            {t("settings.retention.save")}
          </button>
        </form>
      )}
      <p className="muted">{t("settings.retention.help")}</p>
      {error && !daysProblem && <ErrorNotice error={error} />}
    </section>
  );
}
