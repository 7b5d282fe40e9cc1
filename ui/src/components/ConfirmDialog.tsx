import { useCallback, useRef, useState, type ReactNode } from "react";
import type { ConfirmationNeeded } from "../api";
import { useI18n } from "../i18n";
import type { MessageKey } from "../i18n/en";

/** What the analyst decided: go ahead (with the text to send to Rust), or not. */
export type Confirmed = { go: false } | { go: true; confirmation: string | null };

/** Asks for what Rust said must be typed (`needed`, carried by the view); with nothing
 * needed it goes ahead at once. Rust checks the text again. */
export type Confirm = (
  needed: ConfirmationNeeded | null | undefined,
  copy?: { title: MessageKey; body: MessageKey },
) => Promise<Confirmed>;

interface Pending {
  needed: ConfirmationNeeded;
  title: MessageKey;
  body: MessageKey;
  resolve: (typed: string | null) => void;
}

/** The one typed-confirmation dialog ("type PRODUCTION or the customer's name"). The
 * accepted texts and the rule (exactly as shown) are Rust's. */
export function useTypedConfirmation(): [Confirm, ReactNode] {
  const { t } = useI18n();
  const [pending, setPending] = useState<Pending | null>(null);
  const [typed, setTyped] = useState("");
  const inputRef = useRef<HTMLInputElement>(null);

  const ask: Confirm = useCallback(async (needed, copy) => {
    if (!needed) return { go: true, confirmation: null };
    const typedText = await new Promise<string | null>((resolve) => {
      setTyped("");
      setPending({
        needed,
        title: copy?.title ?? "confirm.production.title",
        body: copy?.body ?? "confirm.production.body",
        resolve,
      });
      setTimeout(() => inputRef.current?.focus(), 0);
    });
    return typedText === null ? { go: false } : { go: true, confirmation: typedText };
  }, []);

  const close = (value: string | null) => {
    pending?.resolve(value);
    setPending(null);
  };
  const matches = pending?.needed.accepted.includes(typed.trim()) ?? false;

  const element = pending ? (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="confirm-title">
        <h2 id="confirm-title">{t(pending.title)}</h2>
        <p>{t(pending.body, { name: pending.needed.customerName ?? "" })}</p>
        <p className="confirm__accepted" data-testid="confirm-accepted">
          {t("confirm.accepted")}{" "}
          {pending.needed.accepted.map((a, i) => (
            <span key={a}>
              {i > 0 && ` ${t("confirm.or")} `}
              <code>{a}</code>
            </span>
          ))}
        </p>
        <label className="field">
          <span className="field__label">{t("confirm.typeLabel")}</span>
          <input
            ref={inputRef}
            data-testid="confirm-input"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && matches) close(typed);
              if (e.key === "Escape") close(null);
            }}
          />
        </label>
        <DialogButtons onCancel={() => close(null)} onOk={() => close(typed)} ok={t("confirm.ok")} okDisabled={!matches} />
      </div>
    </div>
  ) : null;
  return [ask, element];
}

interface PendingChoice {
  title: string;
  body: string;
  ok: string;
  resolve: (go: boolean) => void;
}

/** A plain "are you sure" for a local, irreversible action (deleting a draft): nothing is
 * typed, Cancel has the focus. */
export function useConfirmation(): [(opts: { title: string; body: string; ok: string }) => Promise<boolean>, ReactNode] {
  const [pending, setPending] = useState<PendingChoice | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const ask = useCallback(
    (opts: { title: string; body: string; ok: string }) =>
      new Promise<boolean>((resolve) => {
        setPending({ ...opts, resolve });
        setTimeout(() => cancelRef.current?.focus(), 0);
      }),
    [],
  );
  const close = (go: boolean) => {
    pending?.resolve(go);
    setPending(null);
  };
  const element = pending ? (
    <div className="modal-backdrop">
      <div
        className="modal"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="choice-title"
        aria-describedby="choice-body"
        onKeyDown={(e) => e.key === "Escape" && close(false)}
      >
        <h2 id="choice-title">{pending.title}</h2>
        <p id="choice-body">{pending.body}</p>
        <DialogButtons cancelRef={cancelRef} onCancel={() => close(false)} onOk={() => close(true)} ok={pending.ok} />
      </div>
    </div>
  ) : null;
  return [ask, element];
}

/** Cancel, then the (dangerous) action: the same in both dialogs. */
function DialogButtons({
  onCancel,
  onOk,
  ok,
  okDisabled = false,
  cancelRef,
}: {
  onCancel: () => void;
  onOk: () => void;
  ok: string;
  okDisabled?: boolean;
  cancelRef?: React.Ref<HTMLButtonElement>;
}) {
  const { t } = useI18n();
  return (
    <div className="actions">
      <button ref={cancelRef} type="button" className="button button--secondary" onClick={onCancel}>
        {t("common.cancel")}
      </button>
      <button type="button" className="button button--danger" data-testid="confirm-ok" disabled={okDisabled} onClick={onOk}>
        {ok}
      </button>
    </div>
  );
}
