import { useCallback, useEffect, useState } from "react";
import { api, toDeskError, type DeskError, type RfiView } from "../../api";
import { refreshRfiCount } from "../../app/rfiCount";
import { customerHref, routeHref } from "../../app/route";
import { useTypedConfirmation } from "../../components/ConfirmDialog";
import { ErrorNotice } from "../../components/ErrorNotice";
import { formatDateTime } from "../../components/format";
import { StatusBadge } from "../../components/StatusBadge";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";

type Item = NonNullable<RfiView["checklist"]>["groups"][number]["items"][number];
type RoundItem = RfiView["rounds"][number]["items"][number];

/** A label's plain explanation and tip, when known; unknown labels show as they came. */
function LabelHelp({ label }: { label: string }) {
  const { t } = useI18n();
  const key = `rfiLabel.${label.toUpperCase()}` as MessageKey;
  const known = t(key) !== key;
  return (
    <li className="label-help">
      <code>{label}</code>
      {known && <> — {t(key)}</>}
    </li>
  );
}

export function RfiCustomerPage({ customerId }: { customerId: string }) {
  const { t, tn, lang } = useI18n();
  const [view, setView] = useState<RfiView | null>(null);
  const [error, setError] = useState<DeskError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [override, setOverride] = useState("");
  const [confirm, confirmElement] = useTypedConfirmation();

  const load = useCallback(() => {
    api.rfiView(customerId).then(setView, (e: unknown) => setError(toDeskError(e)));
  }, [customerId]);
  useEffect(load, [load]);

  // After a submission, follow the status: 2 s, backing off to 60 s, until it settles.
  const following = !!view?.followStatus;
  useEffect(() => {
    if (!following) return;
    let delay = 2000;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        const next = await api.rfiView(customerId);
        setView(next);
        if (!next.followStatus) return;
      } catch {
        /* try again later */
      }
      delay = Math.min(delay * 2, 60000);
      timer = setTimeout(tick, delay);
    };
    timer = setTimeout(tick, delay);
    return () => clearTimeout(timer);
  }, [following, customerId]);

  /** The typed confirmation Rust asks for (Production), `undefined` when cancelled. */
  const confirmation = async (): Promise<string | null | undefined> => {
    const confirmed = await confirm(view?.confirmation);
    return confirmed.go ? confirmed.confirmation : undefined;
  };

  const act = async (id: string, action: () => Promise<RfiView | null>) => {
    setBusy(id);
    setError(null);
    try {
      const next = await action();
      if (next) setView(next);
    } catch (e) {
      setError(toDeskError(e));
    } finally {
      setBusy(null);
      setProgress(null);
    }
  };

  const resend = (item: Item) =>
    act(item.id, async () => {
      const picked = await api.pickAnyDocument(t(`req.${item.documentType}` as MessageKey));
      if (!picked) return null;
      const c = await confirmation();
      if (c === undefined) return null;
      setProgress(0);
      return api.rfiResendDocument(customerId, item.id, picked.token, c, (p) =>
        setProgress(p.total ? p.sent / p.total : 0),
      );
    });

  if (!view) {
    return error ? <ErrorNotice error={error} onRetry={load} /> : <p>{t("common.loading")}</p>;
  }
  const items = view.checklist?.groups.flatMap((g) => g.items) ?? [];
  const doneCount = items.filter((i) => view.done.some((d) => d.itemId === i.id)).length;

  return (
    <div data-testid="rfi-view" data-status={view.status}>
      {confirmElement}
      <a href={routeHref("rfis")} className="back">
        ← {t("rfis.back")}
      </a>
      <div className="customer__title">
        <h1 className="page-title">{view.displayName}</h1>
        <StatusBadge status={view.status} />
        <a className="button button--link" href={customerHref(view.customerId)}>
          {t("rfis.openCustomer")}
        </a>
      </div>

      {view.isFinal && (
        <p className="notice notice--error" data-testid="rfi-final">
          {t("customer.finalRejection")}
        </p>
      )}
      {view.followStatus && (
        <p className="notice notice--info" aria-live="polite" data-testid="rfi-following">
          {t("rfis.following")}
        </p>
      )}
      {view.isApproved && (
        <p className="notice notice--info" data-testid="rfi-approved">
          {t("rfis.approved")}
        </p>
      )}

      {view.checklist && (
        <section className="card" aria-labelledby="rfi-checklist">
          <h2 id="rfi-checklist">
            {t("rfis.checklist", { round: view.currentRound ?? 1 })}{" "}
            <span className="badge badge--info" data-testid="rfi-progress">
              {tn("rfis.progress", items.length, { done: doneCount, total: items.length })}
            </span>
          </h2>
          {view.checklist.onlyParties && <p className="muted">{t("rfis.onlyParties")}</p>}
          {view.checklist.groups.map((g) => (
            <div key={g.partyId ?? "customer"} className="doc-group" data-testid={`rfi-group-${g.partyId ?? "customer"}`}>
              <h3>
                {g.ownerName}
                {g.partyId && <span className="tag">{t("rfis.party")}</span>}
              </h3>
              {(g.labels.length > 0 || g.subLabels.length > 0) && (
                <ul className="labels">
                  {[...g.labels, ...g.subLabels].map((l) => (
                    <LabelHelp key={l} label={l} />
                  ))}
                </ul>
              )}
              <ul className="slots">
                {g.items.map((item) => {
                  const done = view.done.find((d) => d.itemId === item.id);
                  return (
                    <li key={item.id} className={`slot${done ? " slot--done" : ""}`} data-testid={`rfi-item-${item.id}`} data-done={!!done}>
                      <div className="slot__head">
                        <span className="slot__status" aria-hidden="true">
                          {done ? "✓" : "•"}
                        </span>
                        <strong>{itemTitle(t, item)}</strong>
                        {item.status && <StatusBadge status={item.status} />}
                      </div>
                      {item.comment && (
                        <blockquote className="rfi-comment" data-testid="rfi-comment">
                          <span className="rfi-comment__who">{t("rfis.reviewerWrote")}</span> “{item.comment}”
                        </blockquote>
                      )}
                      {(item.labels.length > 0 || item.subLabels.length > 0) && (
                        <ul className="labels">
                          {[...item.labels, ...item.subLabels].map((l) => (
                            <LabelHelp key={l} label={l} />
                          ))}
                        </ul>
                      )}
                      {done && (
                        <p className="small" data-testid="rfi-done">
                          ✓ {done.what}
                          {done.sha256 && <span className="mono"> · SHA-256 {done.sha256.slice(0, 12)}…</span>} ·{" "}
                          {formatDateTime(done.at, lang)}
                        </p>
                      )}
                      {busy === item.id && progress !== null && <progress max={1} value={progress} />}
                      {!view.isFinal && view.currentRound && (
                        <div className="actions">
                          {item.kind === "document" ? (
                            <button
                              type="button"
                              className="button button--secondary"
                              disabled={busy !== null}
                              onClick={() => resend(item)}
                              data-testid="rfi-resend"
                            >
                              {done ? t("rfis.resendAgain") : t("rfis.resend")}
                            </button>
                          ) : (
                            <>
                              {item.kind === "additionalInformation" && (
                                <button
                                  type="button"
                                  className="button button--secondary"
                                  onClick={() =>
                                    act(item.id, async () => {
                                      const state = await api.draftForCustomer(view.customerId);
                                      window.location.hash = `#/onboarding/${state.draft.id}`;
                                      return null;
                                    })
                                  }
                                >
                                  {t("rfis.correctInfo")}
                                </button>
                              )}
                              <input
                                placeholder={t("rfis.note")}
                                aria-label={t("rfis.note")}
                                value={notes[item.id] ?? ""}
                                onChange={(e) => setNotes({ ...notes, [item.id]: e.target.value })}
                                data-testid="rfi-note"
                              />
                              <button
                                type="button"
                                className="button button--secondary"
                                disabled={busy !== null}
                                data-testid="rfi-mark-done"
                                onClick={() => act(item.id, () => api.rfiMarkDone(customerId, item.id, notes[item.id] ?? ""))}
                              >
                                {t("rfis.markDone")}
                              </button>
                            </>
                          )}
                        </div>
                      )}
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
          {!view.isFinal && view.currentRound && (
            <div className="actions">
              <button
                type="button"
                className="button"
                disabled={busy !== null || (!view.canSubmit && override.trim() === "")}
                data-testid="rfi-submit"
                onClick={() =>
                  act("submit", async () => {
                    const c = await confirmation();
                    if (c === undefined) return null;
                    const next = await api.rfiSubmit(customerId, view.canSubmit ? null : override, c);
                    refreshRfiCount();
                    return next;
                  })
                }
              >
                {view.checklist.onlyParties ? t("rfis.submitParties") : t("rfis.submit")}
              </button>
              {!view.canSubmit && (
                <label className="field field--grow">
                  <span className="field__label">{t("rfis.override")}</span>
                  <input value={override} onChange={(e) => setOverride(e.target.value)} data-testid="rfi-override" />
                </label>
              )}
            </div>
          )}
        </section>
      )}
      {error && <ErrorNotice error={error} />}

      <section className="card" aria-labelledby="rfi-rounds">
        <h2 id="rfi-rounds">{t("rfis.rounds")}</h2>
        {view.rounds.length === 0 ? (
          <p className="muted">{t("rfis.rounds.none")}</p>
        ) : (
          <ol className="timeline" data-testid="rfi-rounds">
            {view.rounds.map((r) => (
              <li key={r.round.number} data-testid="rfi-round">
                <strong>{t("rfis.round", { n: r.round.number })}</strong>{" "}
                <span className="muted small">{formatDateTime(r.round.openedAt, lang)}</span>{" "}
                {r.round.outcome && <StatusBadge status={r.round.outcome} />}
                <div className="small">
                  {tn("rfis.round.items", r.items.length)}
                  {r.added.length > 0 && r.round.number > 1 && (
                    <> · {t("rfis.round.added", { items: r.added.map((i) => ownedTitle(t, i)).join("; ") })}</>
                  )}
                  {r.cleared.length > 0 && (
                    <> · {t("rfis.round.cleared", { items: r.cleared.map((i) => ownedTitle(t, i)).join("; ") })}</>
                  )}
                </div>
                {r.round.resent.length > 0 && (
                  <ul className="small">
                    {r.round.resent.map((x, i) => (
                      <li key={x.itemId}>
                        {r.resent[i] ? ownedTitle(t, r.resent[i]) : t("rfis.review")}: {x.what} ({formatDateTime(x.at, lang)})
                      </li>
                    ))}
                  </ul>
                )}
                {r.round.submittedAt && (
                  <div className="small">{t("rfis.round.submitted", { time: formatDateTime(r.round.submittedAt, lang) })}</div>
                )}
                {r.round.overrideReason && (
                  <div className="small">{t("rfis.round.override", { reason: r.round.overrideReason })}</div>
                )}
              </li>
            ))}
          </ol>
        )}
        <h3 className="section-gap">{t("rfis.timeline")}</h3>
        <ol className="timeline" data-testid="status-timeline">
          {view.timeline.map((e, i) => (
            <li key={i}>
              <StatusBadge status={e.status} /> <span className="muted small">{formatDateTime(e.at, lang)}</span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

type Translate = ReturnType<typeof useI18n>["t"];
type NamedItem = Pick<Item, "kind" | "documentType" | "side">;

/** An RFI item as the analyst knows it: the document and its side, or what to do. */
function itemTitle(t: Translate, item: NamedItem): string {
  switch (item.kind) {
    case "document":
      return `${t(`req.${item.documentType}` as MessageKey)}${item.side ? ` — ${t(`side.${item.side}` as MessageKey)}` : ""}`;
    case "additionalInformation":
      return t("req.ADDITIONAL_INFORMATION");
    case "unidentifiedDocument":
      return t("rfis.unidentified");
    default:
      return t("rfis.review");
  }
}

/** The same, with whose it is: "Passport — front (Rita Representante)". */
function ownedTitle(t: Translate, item: RoundItem): string {
  return item.ownerName ? `${itemTitle(t, item)} (${item.ownerName})` : itemTitle(t, item);
}
