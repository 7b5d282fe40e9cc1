import { useCallback, useEffect, useState } from "react";
import { api, toDeskError, type DeskError, type RfiInbox } from "../api";
import { inboxSeen } from "../app/rfiCount";
import { customerHref } from "../app/route";
import { EmptyState } from "../components/EmptyState";
import { ErrorNotice } from "../components/ErrorNotice";
import { formatDateTime } from "../components/format";
import { useI18n } from "../i18n";
import { TransactionRfis } from "./rfi/TransactionRfis";

const REFRESH_MS = 60_000;

/** What compliance asked about the account and what was answered (email/Slack). */
function AccountNote({ accountId, initial }: { accountId: string; initial: string }) {
  const { t } = useI18n();
  const [note, setNote] = useState(initial);
  const [saved, setSaved] = useState(false);
  return (
    <form
      className="account-note"
      onSubmit={(e) => {
        e.preventDefault();
        api.saveAccountNote(accountId, note).then(() => setSaved(true), () => setSaved(false));
      }}
    >
      <textarea
        rows={2}
        aria-label={t("rfis.accountNote")}
        placeholder={t("rfis.accountNote")}
        value={note}
        onChange={(e) => {
          setNote(e.target.value);
          setSaved(false);
        }}
      />
      <button type="submit" className="button button--secondary">
        {saved ? "✓" : t("tx.save")}
      </button>
    </form>
  );
}

export function RfisPage() {
  const { t, lang } = useI18n();
  const [inbox, setInbox] = useState<RfiInbox | null>(null);
  const [error, setError] = useState<DeskError | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(() => {
    api
      .rfiInbox()
      .then(
        (i) => {
          setInbox(i);
          inboxSeen(i);
          setError(null);
        },
        (e: unknown) => setError(toDeskError(e)),
      )
      .finally(() => setLoading(false));
  }, []);
  const refresh = () => {
    setLoading(true);
    load();
  };
  useEffect(() => {
    const first = setTimeout(load, 0);
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [load]);

  const total = inbox ? inbox.customers.length + inbox.accounts.length + inbox.transactions.length : 0;
  return (
    <>
      <div className="page-head">
        <h1 className="page-title">{t("rfis.title")}</h1>
        <button type="button" className="button button--secondary" onClick={refresh} disabled={loading} data-testid="rfi-refresh">
          {t("common.refresh")}
        </button>
      </div>
      {error && <ErrorNotice error={error} onRetry={refresh} />}
      {inbox && total === 0 && <EmptyState icon="inbox" title={t("rfis.empty.title")} body={t("rfis.empty.body")} />}
      {inbox && inbox.customers.length > 0 && (
        <section className="card" aria-labelledby="rfi-customers">
          <h2 id="rfi-customers">
            {t("rfis.customers")} ({inbox.customers.length})
          </h2>
          <ul className="checklist" data-testid="rfi-customers">
            {inbox.customers.map((c) => (
              <li key={c.id} data-customer-id={c.id}>
                <span>
                  <strong>{c.displayName}</strong>{" "}
                  <span className="muted small">
                    {t("rfis.since", { time: formatDateTime(c.updatedAt, lang) })}
                  </span>
                </span>
                <a className="button" href={`#/rfis/${c.id}`} data-testid="rfi-open">
                  {t("rfis.resolve")}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {inbox && inbox.accounts.length > 0 && (
        <section className="card" aria-labelledby="rfi-accounts">
          <h2 id="rfi-accounts">
            {t("rfis.accounts")} ({inbox.accounts.length})
          </h2>
          <p className="muted small">{t("rfis.accounts.help")}</p>
          <ul className="checklist" data-testid="rfi-accounts">
            {inbox.accounts.map((a) => (
              <li key={a.id}>
                <span>
                  <strong>{a.currency}</strong> <span className="mono small">{a.id}</span>{" "}
                  <span className="muted small">{t("rfis.since", { time: formatDateTime(a.since, lang) })}</span>
                </span>
                <a className="button button--secondary" href={customerHref(a.customerId)}>
                  {t("rfis.openCustomer")}
                </a>
                <AccountNote accountId={a.id} initial={a.note ?? ""} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <TransactionRfis onChanged={load} />
    </>
  );
}
