import { useCallback, useEffect, useState } from "react";
import { api, toDeskError, type DeskError, type LabelExplanation, type RfiPick, type RfiView } from "../../api";
import { Findings } from "../../components/Findings";
import { CustomerMessage } from "./CustomerMessage";
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
/** A reject label as Lumx sent it, with what it means and the tip for the customer
 * (both from Rust's label dictionary). */
function LabelHelp({ label }: { label: LabelExplanation }) {
  const { t } = useI18n();
  return (
    <li className="label-help" data-testid="rfi-label" data-label={label.label} data-known={label.code !== null}>
      <code>{label.label}</code> — {label.explanation}{" "}
      <span className="label-help__tip">
        {t("rfis.tip")} {label.tip}
      </span>
    </li>
  );
}

export function RfiCustomerPage({ customerId }: { customerId: string }) {
  const { t, tn, lang, rustLang } = useI18n();
  const [view, setView] = useState<RfiView | null>(null);
  const [error, setError] = useState<DeskError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [override, setOverride] = useState("");
  /** Files picked for items, with their findings, until sent or replaced. */
  const [picks, setPicks] = useState<Record<string, RfiPick>>({});
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [confirm, confirmElement] = useTypedConfirmation();

  const load = useCallback(() => {
    api.rfiView(customerId).then(setView, (e: unknown) => setError(toDeskError(e)));
  }, [customerId]);
  // Read again once Rust speaks the new language: it words the labels' explanations.
  useEffect(load, [load, rustLang]);

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

  /** Picks the file for an item; Rust checks it for this item before anything is sent. */
  const pickFor = (item: Item) =>
    act(item.id, async () => {
      const picked = await api.rfiPickDocument(customerId, item.id, t(`req.${item.documentType}` as MessageKey));
      if (picked) setPicks((all) => ({ ...all, [item.id]: picked }));
      return null;
    });

  const pickOf = (item: Item): RfiPick | undefined => picks[item.id];

  const send = (item: Item, pick: RfiPick) =>
    act(item.id, async () => {
      const c = await confirmation();
      if (c === undefined) return null;
      setProgress(0);
      const next = await api.rfiResendDocument(
        customerId,
        item.id,
        pick.file.token,
        pick.blocked ? (reasons[item.id] ?? "") : null,
        c,
        (p) => setProgress(p.total ? p.sent / p.total : 0),
      );
      setPicks((all) => Object.fromEntries(Object.entries(all).filter(([id]) => id !== item.id)));
      return next;
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
              {g.explained.length > 0 && (
                <ul className="labels">
                  {g.explained.map((l) => (
                    <LabelHelp key={l.label} label={l} />
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
                      {item.explained.length > 0 && (
                        <ul className="labels">
                          {item.explained.map((l) => (
                            <LabelHelp key={l.label} label={l} />
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
                            pickOf(item) ? (
                              <PickedForItem
                                pick={pickOf(item)!}
                                reason={reasons[item.id] ?? ""}
                                onReason={(r) => setReasons({ ...reasons, [item.id]: r })}
                                busy={busy !== null}
                                onSend={() => send(item, pickOf(item)!)}
                                onOther={() => pickFor(item)}
                              />
                            ) : (
                              <button
                                type="button"
                                className="button button--secondary"
                                disabled={busy !== null}
                                onClick={() => pickFor(item)}
                                data-testid="rfi-resend"
                              >
                                {done ? t("rfis.resendAgain") : t("rfis.resend")}
                              </button>
                            )
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
      {!view.isFinal && view.currentRound && <CustomerMessage view={view} title={(item) => itemTitle(t, item)} />}

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

/** A file picked for a declined document: what the checks found, and the send button.
 * A file Lumx already rejected is sent only with a reason. */
function PickedForItem(props: {
  pick: RfiPick;
  reason: string;
  onReason: (reason: string) => void;
  busy: boolean;
  onSend: () => void;
  onOther: () => void;
}) {
  const { t } = useI18n();
  const { pick, reason } = props;
  const needsReason = pick.blocked && reason.trim() === "";
  return (
    <div className="picked-for-item" data-testid="rfi-picked" data-blocked={pick.blocked}>
      <p className="slot__file">{t("rfis.picked", { name: pick.file.fileName })}</p>
      {pick.findings.length > 0 ? (
        <Findings findings={pick.findings} />
      ) : (
        <p className="small" data-testid="no-findings">
          ✓ {t("rfis.noFindings")}
        </p>
      )}
      {pick.blocked && (
        <label className="field field--grow">
          <span className="field__label">{t("rfis.reason")}</span>
          <input value={reason} onChange={(e) => props.onReason(e.target.value)} data-testid="rfi-reason" />
        </label>
      )}
      <div className="actions">
        <button type="button" className="button" disabled={props.busy || needsReason} onClick={props.onSend} data-testid="rfi-send">
          {t("rfis.send")}
        </button>
        <button type="button" className="button button--secondary" disabled={props.busy} onClick={props.onOther} data-testid="rfi-pick-other">
          {t("rfis.cancelPick")}
        </button>
      </div>
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
