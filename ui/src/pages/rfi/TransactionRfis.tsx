import { useCallback, useEffect, useState } from "react";
import { api, fieldError, toDeskError, type DeskError, type TransactionRfi } from "../../api";
import { refreshRfiCount } from "../../app/rfiCount";
import { ErrorNotice } from "../../components/ErrorNotice";
import { formatDateTime } from "../../components/format";
import { useVocabulary } from "../../app/vocabulary";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";

const DAY_MS = 24 * 60 * 60 * 1000;

function blank(direction: string): TransactionRfi {
  return {
    id: "",
    transactionId: "",
    direction,
    amount: "",
    askedAt: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    relationship: "",
    purpose: "",
    expectedOutcome: "",
    otherContext: "",
    resolved: false,
  };
}

/** Time left before the 24-hour refund deadline, refreshed every 30 s. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function TransactionRfis({ onChanged }: { onChanged: () => void }) {
  const { t, lang } = useI18n();
  const { transactionDirections } = useVocabulary();
  const [list, setList] = useState<TransactionRfi[]>([]);
  const [form, setForm] = useState<TransactionRfi | null>(null);
  const [error, setError] = useState<DeskError | null>(null);
  const now = useNow();

  const load = useCallback(() => {
    api.transactionRfis().then(setList, (e: unknown) => setError(toDeskError(e)));
  }, []);
  useEffect(load, [load]);

  const save = async (rfi: TransactionRfi) => {
    try {
      setList(await api.saveTransactionRfi(rfi));
      refreshRfiCount();
      setForm(null);
      setError(null);
      onChanged();
    } catch (e) {
      setError(toDeskError(e));
    }
  };

  const draftAnswer = (r: TransactionRfi) =>
    [
      `${t("tx.relationship")}: ${r.relationship}`,
      `${t("tx.purpose")}: ${r.purpose}`,
      `${t("tx.expectedOutcome")}: ${r.expectedOutcome}`,
      `${t("tx.otherContext")}: ${r.otherContext}`,
    ].join("\n");

  return (
    <section className="card" aria-labelledby="tx-title" data-testid="tx-rfis">
      <h2 id="tx-title">{t("tx.title")}</h2>
      <p className="muted small">{t("tx.help")}</p>
      {list
        .filter((r) => !r.resolved)
        .map((r) => {
          const left = new Date(r.askedAt).getTime() + DAY_MS - now;
          const hours = Math.max(0, Math.floor(left / 3_600_000));
          const minutes = Math.max(0, Math.floor((left % 3_600_000) / 60_000));
          const urgent = left < 4 * 3_600_000;
          const answered = [r.relationship, r.purpose, r.expectedOutcome, r.otherContext].filter((a) => a.trim()).length;
          return (
            <div key={r.id} className="slot" data-testid="tx-rfi">
              <div className="slot__head">
                <strong className="mono">{r.transactionId}</strong>
                <span>
                  {t(`direction.${r.direction}` as MessageKey)} · {r.amount}
                </span>
                <span className={`badge ${urgent ? "badge--danger" : "badge--warning"}`} data-testid="tx-deadline">
                  {left > 0 ? t("tx.deadline", { h: hours, m: minutes }) : t("tx.deadlinePassed")}
                </span>
              </div>
              <p className="muted small">
                {t("tx.asked", { time: formatDateTime(r.askedAt, lang) })} · {t("tx.answers", { n: answered })}
              </p>
              <div className="actions">
                <button type="button" className="button button--secondary" onClick={() => setForm(r)}>
                  {t("tx.edit")}
                </button>
                <button type="button" className="button button--secondary" onClick={() => navigator.clipboard?.writeText(draftAnswer(r))}>
                  {t("tx.copyAnswer")}
                </button>
                <button type="button" className="button button--secondary" onClick={() => save({ ...r, resolved: true })}>
                  {t("tx.resolved")}
                </button>
              </div>
            </div>
          );
        })}
      {form ? (
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            void save(form);
          }}
        >
          {(["transactionId", "amount"] as const).map((k) => (
            <label key={k} className="field">
              <span className="field__label">{t(`tx.${k}`)}</span>
              <input
                value={form[k]}
                aria-invalid={fieldError(error, k) ? true : undefined}
                onChange={(e) => setForm({ ...form, [k]: e.target.value })}
                data-testid={`tx-${k}`}
              />
              {fieldError(error, k) && <span className="field__error">{fieldError(error, k)}</span>}
            </label>
          ))}
          <label className="field">
            <span className="field__label">{t("tx.direction")}</span>
            <select value={form.direction} onChange={(e) => setForm({ ...form, direction: e.target.value })}>
              {transactionDirections.map((d) => (
                <option key={d} value={d}>
                  {t(`direction.${d}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">{t("tx.askedAt")}</span>
            <input
              type="datetime-local"
              value={form.askedAt.slice(0, 16)}
              onChange={(e) => setForm({ ...form, askedAt: new Date(e.target.value).toISOString().replace(/\.\d+Z$/, "Z") })}
              data-testid="tx-askedAt"
            />
          </label>
          {(["relationship", "purpose", "expectedOutcome", "otherContext"] as const).map((k) => (
            <label key={k} className="field">
              <span className="field__label">{t(`tx.${k}`)}</span>
              <textarea rows={2} value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />
            </label>
          ))}
          <div className="actions">
            <button type="submit" className="button" data-testid="tx-save">
              {t("tx.save")}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setForm(null)}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button button--secondary" onClick={() => setForm(blank(transactionDirections[0] ?? ""))} data-testid="tx-new">
          + {t("tx.new")}
        </button>
      )}
      {error && <ErrorNotice error={error} />}
    </section>
  );
}
