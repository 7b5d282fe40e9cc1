import { useCallback, useEffect, useState } from "react";
import { api, toDeskError, type CustomerView, type DeskError, type InfoValue, type TosLinkView } from "../api";
import { navigate, routeHref } from "../app/route";
import { useTypedConfirmation } from "../components/ConfirmDialog";
import { ErrorNotice } from "../components/ErrorNotice";
import { formatAmount, formatDateTime, formatNumber } from "../components/format";
import { StatusBadge } from "../components/StatusBadge";
import { ManualUpload } from "./customer/ManualUpload";
import { useI18n } from "../i18n";
import type { MessageKey } from "../i18n/en";

type PartyNode = CustomerView["parties"][number];

async function copy(text: string) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
}

export function CustomerPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const [view, setView] = useState<CustomerView | null>(null);
  const [error, setError] = useState<DeskError | null>(null);
  const [taxId, setTaxId] = useState<string | null>(null);
  const [tos, setTos] = useState<TosLinkView | null>(null);
  const [actionError, setActionError] = useState<DeskError | null>(null);
  const [confirm, confirmElement] = useTypedConfirmation();

  const load = useCallback(() => {
    api.customer(id).then(
      (v) => {
        setView(v);
        setError(null);
      },
      (e: unknown) => setError(toDeskError(e)),
    );
  }, [id]);
  useEffect(load, [load]);

  const act = async (action: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await action();
    } catch (e) {
      setActionError(toDeskError(e));
    }
  };

  const generateTos = () =>
    act(async () => {
      const confirmed = await confirm(view?.confirmation);
      if (!confirmed.go) return;
      setTos(await api.createTosLink(id, confirmed.confirmation));
    });

  if (error && !view) {
    return (
      <>
        <a href={routeHref("customers")} className="back">
          ← {t("customer.back")}
        </a>
        <ErrorNotice error={error} onRetry={load} />
      </>
    );
  }
  if (!view) return <p aria-live="polite">{t("common.loading")}</p>;

  return (
    <div className="customer" data-testid="customer-view" data-customer-id={view.id}>
      {confirmElement}
      <a href={routeHref("customers")} className="back">
        ← {t("customer.back")}
      </a>
      {view.unreadable.length > 0 && (
        <details className="notice notice--info" data-testid="customer-unreadable">
          <summary>{t("customer.unreadable", { count: formatNumber(view.unreadable.length, lang) })}</summary>
          <ul className="small mono">
            {view.unreadable.map((u) => (
              <li key={u}>{u}</li>
            ))}
          </ul>
        </details>
      )}
      <header className="card customer__header">
        <div className="customer__title">
          <h1 className="page-title" data-testid="customer-name">
            {view.displayName || "—"}
          </h1>
          <StatusBadge status={view.status} />
        </div>
        <dl className="facts">
          <Fact label={t("customer.type")}>
            {t(`customerType.${view.customerType}` as MessageKey)}
          </Fact>
          <Fact label={t("customer.taxId")}>
            <span className="mono" data-testid="customer-tax-id">
              {taxId ?? view.maskedTaxId}
            </span>{" "}
            <button
              type="button"
              className="button button--link"
              onClick={() =>
                taxId ? setTaxId(null) : act(async () => setTaxId(await api.revealTaxId(view.id)))
              }
            >
              {taxId ? t("customer.hide") : t("customer.reveal")}
            </button>
          </Fact>
          <Fact label={t("customer.country")}>{view.country || "—"}</Fact>
          <Fact label={t("customer.email")}>{view.email || "—"}</Fact>
          <Fact label={view.customerType === "BUSINESS" ? t("customer.incorporated") : t("customer.born")}>
            {view.keyDate ?? "—"}
          </Fact>
          <Fact label={t("customer.level")}>{view.level ?? "—"}</Fact>
          <Fact label={t("customer.created")}>{formatDateTime(view.createdAt, lang)}</Fact>
          <Fact label={t("customer.updated")}>{formatDateTime(view.updatedAt, lang)}</Fact>
          <Fact label={t("customer.id")}>
            <span className="mono">{view.id}</span>{" "}
            <button type="button" className="button button--link" onClick={() => copy(view.id)}>
              {t("common.copy")}
            </button>
          </Fact>
        </dl>
        {view.metadata.length > 0 && (
          <div className="tags" aria-label={t("customer.metadata")}>
            {view.metadata.map((kv) => (
              <span key={kv.key} className="tag mono">
                {kv.key}={kv.value}
              </span>
            ))}
          </div>
        )}
        <div className="actions">
          <button type="button" className="button button--secondary" onClick={load}>
            {t("common.refresh")}
          </button>
          {view.verificationLink && (
            <button type="button" className="button button--secondary" onClick={() => act(() => api.openExternal(view.verificationLink!))}>
              {t("customer.openVerification")}
            </button>
          )}
          {view.actions.termsPending && (
            <button type="button" className="button" onClick={generateTos} data-testid="tos-generate">
              {t("customer.tos.generate")}
            </button>
          )}
          {view.actions.canContinueOnboarding && (
            <button
              type="button"
              className="button button--secondary"
              data-testid="continue-onboarding"
              onClick={() =>
                act(async () => navigate(`#/onboarding/${(await api.draftForCustomer(view.id)).draft.id}`))
              }
            >
              {t("customer.continueOnboarding")}
            </button>
          )}
          {view.actions.canResolveRfi && (
            <a className="button" href={routeHref("rfis")}>
              {t("customer.resolveRfi")}
            </a>
          )}
        </div>
        {view.actions.isFinal && <p className="notice notice--error">{t("customer.finalRejection")}</p>}
        {tos && (
          <div className="notice notice--info" data-testid="tos-link">
            <p>
              {t("customer.tos.ready", { expires: formatDateTime(tos.expiresAt, lang) })}
            </p>
            <p className="mono break">{tos.url}</p>
            <div className="actions">
              <button type="button" className="button button--secondary" onClick={() => copy(tos.url)}>
                {t("common.copy")}
              </button>
              <button type="button" className="button button--secondary" onClick={() => act(() => api.openExternal(tos.url))}>
                {t("common.open")}
              </button>
              {view.canAcceptTermsLocally && (
                <button
                  type="button"
                  className="button"
                  data-testid="tos-accept-local"
                  onClick={() =>
                    act(async () => {
                      await api.acceptTermsLocally(view.id);
                      setTos(null);
                      load();
                    })
                  }
                >
                  {t("customer.tos.acceptLocal")}
                </button>
              )}
            </div>
          </div>
        )}
        {actionError && <ErrorNotice error={actionError} />}
        {error && <ErrorNotice error={error} onRetry={load} />}
      </header>

      <div className="grid-2">
        <section className="card" aria-labelledby="req-title">
          <h2 id="req-title">{t("customer.requirements")}</h2>
          {view.requirements.length === 0 ? (
            <p className="muted">{t("customer.requirements.none")}</p>
          ) : (
            <ul className="checklist" data-testid="requirements">
              {view.requirements.map((r) => (
                <li key={r.name}>
                  <span>{requirementLabel(t, r.name)}</span>
                  <StatusBadge status={r.status} />
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card" aria-labelledby="acc-title">
          <h2 id="acc-title">{t("customer.accounts")}</h2>
          {view.accounts.length === 0 ? (
            <p className="muted">{t("customer.accounts.none")}</p>
          ) : (
            <ul className="checklist" data-testid="accounts">
              {view.accounts.map((a) => (
                <li key={a.id}>
                  <span>
                    <strong>{a.currency}</strong> <span className="muted mono small">{a.id}</span>
                  </span>
                  {a.status ? <StatusBadge status={a.status} /> : <span className="muted">—</span>}
                </li>
              ))}
            </ul>
          )}
          {view.limits && (
            <>
              <h3>{t("customer.limits")}</h3>
              {(["single", "daily", "monthly"] as const).map((k) => {
                const l = view.limits?.[k];
                if (!l) return null;
                return (
                  <div key={k} className="limit">
                    <div className="limit__head">
                      <span>{t(`customer.limits.${k}` as MessageKey)}</span>
                      <span className="mono">
                        {l.used != null ? `${formatAmount(l.used, lang)} / ` : ""}
                        {formatAmount(l.max, lang)} USD
                      </span>
                    </div>
                    {l.usedFraction != null && (
                      <meter min={0} max={1} value={l.usedFraction} aria-label={t(`customer.limits.${k}` as MessageKey)} />
                    )}
                    {l.remaining != null && (
                      <span className="muted small">{t("customer.limits.remaining", { amount: formatAmount(l.remaining, lang) })}</span>
                    )}
                  </div>
                );
              })}
            </>
          )}
        </section>
      </div>

      {view.customerType === "BUSINESS" && (
        <section className="card" aria-labelledby="parties-title">
          <h2 id="parties-title">{t("customer.parties")}</h2>
          {view.parties.length === 0 ? (
            <p className="muted">{t("customer.parties.none")}</p>
          ) : (
            <ul className="tree" data-testid="parties">
              {view.parties.map((p) => (
                <Party key={p.id} party={p} />
              ))}
            </ul>
          )}
        </section>
      )}

      {view.wallets.length > 0 && (
        <section className="card" aria-labelledby="wallets-title">
          <h2 id="wallets-title">{t("customer.wallets")}</h2>
          <ul className="checklist" data-testid="wallets">
            {view.wallets.map((w) => (
              <li key={`${w.blockchain}-${w.address}`}>
                <span>
                  <strong>{w.blockchain}</strong> <span className="mono small">{w.address}</span>
                  {w.balances.map((b) => (
                    <span key={b.key} className="tag">
                      {b.key} {b.value}
                    </span>
                  ))}
                </span>
                <span className="actions">
                  <button type="button" className="button button--link" onClick={() => copy(w.address)}>
                    {t("common.copy")}
                  </button>
                  {w.explorerUrl && (
                    <button type="button" className="button button--link" onClick={() => act(() => api.openExternal(w.explorerUrl!))}>
                      {t("customer.explorer")}
                    </button>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {!view.actions.isFinal && <ManualUpload view={view} onUploaded={load} />}

      <section className="card" aria-labelledby="info-title">
        <h2 id="info-title">{t("customer.additionalInfo")}</h2>
        {view.additionalInformation ? (
          <dl className="facts facts--compact">
            {view.additionalInformation.map((item) => (
              <Fact key={item.field} label={t(`field.${item.field}` as MessageKey)}>
                <InfoValueText value={item.value} />
              </Fact>
            ))}
          </dl>
        ) : (
          <p className="muted">{t("customer.additionalInfo.none")}</p>
        )}
      </section>
    </div>
  );
}

/** An answer as the wizard shows it: option names, yes or no, text as sent. */
function InfoValueText({ value }: { value: InfoValue }) {
  const { t } = useI18n();
  switch (value.kind) {
    case "options":
      return <>{value.value.map((v) => t(`enum.${v}` as MessageKey)).join(", ")}</>;
    case "flag":
      return <>{t(value.value ? "common.yes" : "common.no")}</>;
    case "country":
    case "text":
      return <>{value.value}</>;
  }
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Party({ party }: { party: PartyNode }) {
  const { t } = useI18n();
  return (
    <li>
      <div className="tree__item">
        <span>
          <strong>{party.name || "—"}</strong>{" "}
          <span className="muted">
            {party.roles.map((r) => t(`enum.${r}` as MessageKey)).join(", ")}
            {party.ownershipPercentage != null ? ` · ${party.ownershipPercentage}%` : ""}
            {` · ${t(`partyType.${party.partyType}` as MessageKey)}`}
          </span>
        </span>
        <StatusBadge status={party.status} />
      </div>
      {party.children.length > 0 && (
        <ul>
          {party.children.map((c) => (
            <Party key={c.id} party={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

function requirementLabel(t: (k: MessageKey) => string, name: string): string {
  const key = `req.${name}` as MessageKey;
  const text = t(key);
  return text === key || text === undefined ? name : text;
}
