import { useCallback, useRef, useState, type ReactNode } from "react";
import { useI18n } from "../i18n";

interface Pending {
  title: string;
  body: string;
  expected: string[];
  resolve: (typed: string | null) => void;
}

/** A typed confirmation ("type PRODUCTION or the customer's name"). Returns what the
 * analyst typed, or null when cancelled. Rust checks the text again. */
export function useTypedConfirmation(): [
  (opts: { title: string; body: string; expected: string[] }) => Promise<string | null>,
  ReactNode,
] {
  const { t } = useI18n();
  const [pending, setPending] = useState<Pending | null>(null);
  const [typed, setTyped] = useState("");
  const inputRef = useRef<HTMLInputElement>(null);

  const ask = useCallback(
    (opts: { title: string; body: string; expected: string[] }) =>
      new Promise<string | null>((resolve) => {
        setTyped("");
        setPending({ ...opts, resolve });
        setTimeout(() => inputRef.current?.focus(), 0);
      }),
    [],
  );

  const close = (value: string | null) => {
    pending?.resolve(value);
    setPending(null);
  };
  const matches = pending?.expected.some((e) => e.trim().toLowerCase() === typed.trim().toLowerCase() && e) ?? false;

  const element = pending ? (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="confirm-title">
        <h2 id="confirm-title">{pending.title}</h2>
        <p>{pending.body}</p>
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
        <div className="actions">
          <button type="button" className="button button--secondary" onClick={() => close(null)}>
            {t("common.cancel")}
          </button>
          <button
            type="button"
            className="button button--danger"
            data-testid="confirm-ok"
            disabled={!matches}
            onClick={() => close(typed)}
          >
            {t("confirm.ok")}
          </button>
        </div>
      </div>
    </div>
  ) : null;
  return [ask, element];
}
