import { useCallback, useEffect, useRef, useState } from "react";
import {
  api,
  toDeskError,
  type CountryOption,
  type DeskError,
  type DraftView,
  type StepId,
  type TosLinkView,
  type WizardState,
} from "../../api";
import { customerHref } from "../../app/route";
import { useTypedConfirmation } from "../../components/ConfirmDialog";
import { ErrorNotice } from "../../components/ErrorNotice";
import { formatDateTime } from "../../components/format";
import { StatusBadge } from "../../components/StatusBadge";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";
import { AwaitingNotice } from "./AwaitingNotice";
import { DocumentsStep } from "./DocumentsStep";
import { GuardList, focusSlot } from "./GuardList";
import { EditLog, type DraftChange } from "./editLog";
import { FieldInput } from "./FieldInput";
import { PartiesStep } from "./PartiesStep";
import { getPath, setPath } from "./paths";
import { fieldOf, shownErrors } from "./shownErrors";

export interface WizardActions {
  /** Runs an API step; in Production it first asks for the typed confirmation. */
  run: (call: (confirmation: string | null) => Promise<WizardState>) => Promise<void>;
  busy: boolean;
}

export function Wizard({ draftId }: { draftId: string }) {
  const { t, lang, rustLang } = useI18n();
  const [state, setState] = useState<WizardState | null>(null);
  const [draft, setDraft] = useState<DraftView | null>(null);
  const [error, setError] = useState<DeskError | null>(null);
  const [busy, setBusy] = useState(false);
  const [countries, setCountries] = useState<CountryOption[]>([]);
  const [tos, setTos] = useState<TosLinkView | null>(null);
  const [confirm, confirmElement] = useTypedConfirmation();
  /** Fields the analyst has changed or left, and steps whose action was tried. */
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [tried, setTried] = useState<ReadonlySet<StepId>>(new Set());
  const touch = (target: EventTarget | null) => {
    const path = fieldOf(target);
    if (path) setTouched((prev) => (prev.has(path) ? prev : new Set(prev).add(path)));
  };
  const log = useRef<EditLog | null>(null);
  /** The save loop in flight, if any; it ends when Rust has the newest form. */
  const saving = useRef<Promise<void> | null>(null);
  const dirty = useRef(false);
  /** Edits made, and edits Rust has saved: equal when nothing typed is only in memory. */
  const [saved, setSaved] = useState({ edits: 0, saved: 0 });

  /** Edits Rust has saved (a failed save leaves the ones after it to be replayed). */
  const savedThrough = useRef(0);

  /** Takes Rust's answer to a request marked at `at` (see EditLog), unless a newer
   * answer was already taken (answers can arrive out of order). */
  const accept = useCallback((next: WizardState, at: number) => {
    if (!log.current) {
      log.current = new EditLog(next.draft);
      savedThrough.current = 0;
      setSaved({ edits: 0, saved: 0 });
    }
    const form = log.current.answer(next.draft, at);
    if (!form) return;
    setState(next);
    setDraft(form);
  }, []);

  /** What an answer to a request sent now will include: the edits saved so far. */
  const mark = () => savedThrough.current;

  useEffect(() => {
    api.countries().then(setCountries, () => setCountries([]));
    log.current = null;
    api.openDraft(draftId).then(
      (s) => accept(s, 0),
      (e: unknown) => setError(toDeskError(e)),
    );
  }, [draftId, accept]);

  // Rust's messages (field errors, slot problems) in the language just chosen.
  const shownLang = useRef(rustLang);
  useEffect(() => {
    if (rustLang === shownLang.current || !log.current) return;
    shownLang.current = rustLang;
    const at = mark();
    api.draftState(draftId).then(
      (s) => accept(s, at),
      () => undefined,
    );
  }, [rustLang, draftId, accept]);

  /** Sends the newest form, again while edits arrive during a save: every edit is saved
   * as soon as the previous save returns, with no delay in which typing could be lost. */
  const save = useCallback((): Promise<void> => {
    if (saving.current) {
      dirty.current = true;
      return saving.current;
    }
    const loop = async () => {
      try {
        do {
          dirty.current = false;
          const current = log.current;
          if (!current) return;
          const at = current.mark();
          const answer = await api.saveDraft(current.current);
          savedThrough.current = Math.max(savedThrough.current, at);
          accept(answer, at);
          setSaved((s) => ({ ...s, saved: Math.max(s.saved, at) }));
        } while (dirty.current);
      } catch (e) {
        setError(toDeskError(e));
      } finally {
        saving.current = null;
      }
    };
    saving.current = loop();
    return saving.current;
  }, [accept]);

  const edit = (change: DraftChange) => {
    if (!log.current) return;
    setDraft(log.current.apply(change));
    const edits = log.current.mark();
    setSaved((s) => ({ ...s, edits }));
    void save();
  };

  /** Waits for pending saves, so a server call never answers with older form data. */
  const flushPending = async () => {
    while (saving.current) await saving.current;
  };

  /** Runs a server call; edits made meanwhile are applied again to its answer. */
  const call = useCallback(
    async (fn: () => Promise<WizardState>) => {
      while (saving.current) await saving.current;
      const at = mark();
      accept(await fn(), at);
    },
    [accept],
  );

  const run: WizardActions["run"] = async (call) => {
    if (!draft) return;
    const step = draft.step;
    setTried((prev) => (prev.has(step) ? prev : new Set(prev).add(step)));
    setBusy(true);
    setError(null);
    try {
      await flushPending();
      const confirmed = await confirm(state?.confirmation);
      if (!confirmed.go) return;
      const at = mark();
      accept(await call(confirmed.confirmation), at);
    } catch (e) {
      setError(toDeskError(e));
      // What Rust now knows of the step (an unanswered one locks its fields).
      const at = mark();
      await api.draftState(draft.id).then(
        (s) => accept(s, at),
        () => undefined,
      );
    } finally {
      setBusy(false);
    }
  };

  // Follow the status after verification started: 2 s, backing off to 60 s.
  const following = !!state?.draft.followStatus;
  useEffect(() => {
    if (!following) return;
    let delay = 2000;
    let timer: ReturnType<typeof setTimeout>;
    let stopped = false;
    const tick = async () => {
      try {
        const at = mark();
        const next = await api.refreshWizard(draftId);
        if (stopped) return;
        accept(next, at);
        if (!next.draft.followStatus) return;
      } catch {
        /* keep trying: the network may be back later */
      }
      delay = Math.min(delay * 2, 60000);
      timer = setTimeout(tick, delay);
    };
    timer = setTimeout(tick, delay);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [following, draftId, accept]);

  if (!state || !draft) {
    return error ? <ErrorNotice error={error} /> : <p>{t("common.loading")}</p>;
  }

  const actionFields = error && "fields" in error ? error.fields : [];
  const errorsByPath = shownErrors(state.errors, actionFields, touched, tried.has(draft.step));
  // A refused file is told at its slot (announced there); the page repeats nothing.
  const toldAtSlot = actionFields.length > 0 && actionFields.every((f) => f.field.startsWith("slots."));
  const stepDef = state.steps.find((s) => s.id === draft.step);
  const goTo = (step: StepId) => edit((d) => ({ ...d, step }));
  const stepIndex = state.steps.findIndex((s) => s.id === draft.step);
  const actions: WizardActions = { run, busy };
  const customerLocked = !!draft.customerId;

  const fields = (disabled: boolean) =>
    // Rust sends only the fields this draft shows now (a condition's appear when it holds).
    stepDef?.fields.map((f) => (
        <FieldInput
          key={f.path}
          id={`f-${f.path.replace(/\W/g, "-")}`}
          def={f}
          value={getPath(draft, f.path)}
          error={errorsByPath.get(f.path)}
          disabled={disabled}
          countries={countries}
          onChange={(v) => edit((d) => setPath(d, f.path, v))}
        />
      ));

  return (
    <div
      className="wizard"
      data-testid="wizard"
      data-draft-id={draft.id}
      data-step={draft.step}
      data-edits={saved.edits}
      data-saved-edits={saved.saved}
    >
      {confirmElement}
      <div className="page-head">
        <h1 className="page-title">
          {draft.kind === "INDIVIDUAL" ? t("wizard.title.individual") : t("wizard.title.business")}
          {draft.displayName && <span className="muted"> — {draft.displayName}</span>}
        </h1>
        <a className="button button--secondary" href="#/onboarding">
          {t("wizard.allDrafts")}
        </a>
      </div>

      <ol className="stepper" aria-label={t("wizard.steps")}>
        {state.progress.map((p, i) => (
          <li key={p.id}>
            <button
              type="button"
              className={`stepper__step${p.id === draft.step ? " stepper__step--current" : ""}`}
              aria-current={p.id === draft.step ? "step" : undefined}
              data-testid={`step-${p.id}`}
              data-complete={p.complete}
              onClick={() => goTo(p.id)}
            >
              <span className={`stepper__dot${p.complete ? " stepper__dot--done" : ""}`} aria-hidden="true">
                {p.complete ? "✓" : i + 1}
              </span>
              <span>{t(`wizard.step.${p.id}` as MessageKey)}</span>
              <span className="visually-hidden">{p.complete ? t("wizard.complete") : t("wizard.incomplete")}</span>
            </button>
          </li>
        ))}
      </ol>

      <section
        className="card wizard__body"
        aria-labelledby="step-title"
        onChange={(e) => touch(e.target)}
        onBlur={(e) => touch(e.target)}
      >
        <h2 id="step-title">{t(`wizard.step.${draft.step}` as MessageKey)}</h2>
        <p className="muted">{t(`wizard.help.${draft.step}` as MessageKey)}</p>
        <MissingList missing={state.progress.find((p) => p.id === draft.step)?.missing ?? []} />

        {draft.step === "customer" && (
          <>
            {draft.kind === "INDIVIDUAL" && (
              <p className="muted small">{t("wizard.sandboxDigits")}</p>
            )}
            {state.awaiting.customer && <AwaitingNotice />}
            <div className="form-grid">{fields(customerLocked || state.awaiting.customer)}</div>
            <div className="actions">
              {customerLocked ? (
                <p className="notice notice--info" data-testid="customer-created">
                  {t("wizard.customer.created")} <a href={customerHref(draft.customerId!)}>{draft.customerId}</a>
                </p>
              ) : (
                <button
                  type="button"
                  className="button"
                  disabled={busy}
                  data-testid="create-customer"
                  onClick={() => run((c) => api.createCustomer(draft.id, c))}
                >
                  {t("wizard.customer.create")}
                </button>
              )}
            </div>
          </>
        )}

        {draft.step === "terms" && (
          <div data-testid="terms-step">
            <p data-testid="terms-status">
              {draft.customerId
                ? state.progress.find((p) => p.id === "terms")?.complete
                  ? t("wizard.terms.accepted")
                  : t("wizard.terms.pending")
                : t("missing.customerNotCreated")}
            </p>
            <div className="actions">
              <button
                type="button"
                className="button"
                disabled={busy || !draft.customerId}
                data-testid="terms-link"
                onClick={async () => {
                  try {
                    setTos(await api.wizardTosLink(draft.id, null));
                  } catch (e) {
                    setError(toDeskError(e));
                  }
                }}
              >
                {t("customer.tos.generate")}
              </button>
              <button
                type="button"
                className="button button--secondary"
                disabled={busy || !draft.customerId}
                data-testid="terms-refresh"
                onClick={() => run(() => api.refreshWizard(draft.id))}
              >
                {t("common.refresh")}
              </button>
              {state.canAcceptTermsLocally && (
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={busy}
                  data-testid="terms-accept-local"
                  onClick={() =>
                    run(async () => {
                      await api.acceptTermsLocally(draft.customerId!);
                      return api.refreshWizard(draft.id);
                    })
                  }
                >
                  {t("customer.tos.acceptLocal")}
                </button>
              )}
            </div>
            {tos && (
              <div className="notice notice--info">
                <p>{t("customer.tos.ready", { expires: formatDateTime(tos.expiresAt, lang) })}</p>
                <p className="mono break">{tos.url}</p>
                <div className="actions">
                  <button type="button" className="button button--secondary" onClick={() => navigator.clipboard?.writeText(tos.url)}>
                    {t("common.copy")}
                  </button>
                  <button type="button" className="button button--secondary" onClick={() => api.openExternal(tos.url)}>
                    {t("common.open")}
                  </button>
                </div>
              </div>
            )}
          </div>
        )}

        {draft.step === "additional" && (
          <>
            {state.awaiting.additional && <AwaitingNotice />}
            <div className="form-grid">{fields(state.awaiting.additional)}</div>
            <div className="actions">
              <button
                type="button"
                className="button"
                disabled={busy || !draft.customerId}
                data-testid="send-additional"
                onClick={() => run((c) => api.sendAdditional(draft.id, c))}
              >
                {draft.additionalSent ? t("wizard.additional.resend") : t("wizard.additional.send")}
              </button>
            </div>
          </>
        )}

        {draft.step === "parties" && state.partyForm && (
          <PartiesStep
            draft={draft}
            form={state.partyForm}
            awaiting={state.awaiting.parties}
            errors={errorsByPath}
            countries={countries}
            onEdit={edit}
            actions={actions}
          />
        )}

        {draft.step === "documents" && (
          <DocumentsStep
            state={state}
            draft={draft}
            errors={errorsByPath}
            countries={countries}
            onEdit={edit}
            call={call}
            onError={setError}
            confirm={confirm}
          />
        )}

        {draft.step === "review" && (
          <div data-testid="review-step">
            <ul className="checklist">
              {state.progress
                .filter((p) => p.id !== "review")
                .map((p) => (
                  <li key={p.id}>
                    <span>{t(`wizard.step.${p.id}` as MessageKey)}</span>
                    <span>
                      {p.complete ? (
                        <span className="badge badge--success">{t("wizard.complete")}</span>
                      ) : (
                        p.missing.map((m) => (
                          <span key={m} className="badge badge--warning">
                            {t(m as MessageKey)}
                          </span>
                        ))
                      )}
                    </span>
                  </li>
                ))}
            </ul>
            <GuardList
              problems={state.guard}
              onFix={(problem) => {
                goTo(problem.step);
                if (problem.slotId) focusSlot(problem.slotId);
              }}
            />
            {state.draft.verificationStatus ? (
              <div className="notice notice--info" aria-live="polite" data-testid="verification-status">
                <p>
                  {t("wizard.review.status")} <StatusBadge status={state.draft.verificationStatus} />
                </p>
                {state.draft.answered ? (
                  <a className="button" href={customerHref(draft.customerId!)} data-testid="open-customer">
                    {t("wizard.review.openCustomer")}
                  </a>
                ) : (
                  <p className="muted">{t("wizard.review.following")}</p>
                )}
              </div>
            ) : (
              <div className="actions">
                <button
                  type="button"
                  className="button"
                  disabled={busy || !state.readyToStart}
                  data-testid="start-verification"
                  onClick={() => run((c) => api.startVerification(draft.id, c))}
                >
                  {t("wizard.review.start")}
                </button>
                {!state.readyToStart && <span className="muted">{t("wizard.review.notReady")}</span>}
              </div>
            )}
          </div>
        )}

        {error && !toldAtSlot && <ErrorNotice error={error} />}
      </section>

      <div className="wizard__nav">
        <button
          type="button"
          className="button button--secondary"
          disabled={stepIndex <= 0}
          data-testid="wizard-back"
          onClick={() => goTo(state.steps[stepIndex - 1]!.id)}
        >
          ← {t("wizard.back")}
        </button>
        <span className="muted small" aria-live="polite" data-testid="saved-at">
          {t("wizard.savedAt", { time: formatDateTime(state.draft.updatedAt, lang) })}
        </span>
        <button
          type="button"
          className="button button--secondary"
          disabled={stepIndex >= state.steps.length - 1}
          data-testid="wizard-next"
          onClick={() => goTo(state.steps[stepIndex + 1]!.id)}
        >
          {t("wizard.next")} →
        </button>
      </div>
    </div>
  );
}

function MissingList({ missing }: { missing: string[] }) {
  const { t } = useI18n();
  if (missing.length === 0) return null;
  return (
    <ul className="missing" aria-label={t("wizard.missing")}>
      {missing.map((m) => (
        <li key={m}>{t(m as MessageKey)}</li>
      ))}
    </ul>
  );
}
