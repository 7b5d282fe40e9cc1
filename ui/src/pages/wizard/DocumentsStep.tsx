import { useEffect, useRef, useState } from "react";
import type { ConfirmationNeeded, CountryOption, DeskError, DraftView, SlotView, WizardState } from "../../api";
import type { Confirm } from "../../components/ConfirmDialog";
import { api, toDeskError } from "../../api";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";
import { formatDateTime } from "../../components/format";
import type { DraftChange } from "./editLog";
import { Findings } from "../../components/Findings";

interface Props {
  state: WizardState;
  draft: DraftView;
  errors: Map<string, string>;
  countries: CountryOption[];
  onEdit: (change: DraftChange) => void;
  /** Runs a server call whose answer becomes the wizard state. */
  call: (fn: () => Promise<WizardState>) => Promise<void>;
  onError: (e: DeskError | null) => void;
  /** Asks what Rust says must be typed (the customer's name, also for a party's documents). */
  confirm: Confirm;
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

export function DocumentsStep({ state, draft, errors, onEdit, call, onError, confirm }: Props) {
  const { t } = useI18n();
  // Files dropped on the window arrive from Rust as tokens with the drop point; they go
  // to the slot under the pointer.
  const callbacks = useRef({ call, onError });
  useEffect(() => {
    callbacks.current = { call, onError };
  });
  useEffect(() => {
    let unlisten: (() => void) | undefined;
    let live = true;
    api
      .onFilesDropped(async (e) => {
        const target = document.elementFromPoint(e.x, e.y)?.closest<HTMLElement>("[data-slot-id]");
        const first = e.files[0];
        if (!target || !first) return;
        if (!first.file) {
          callbacks.current.onError({ code: "file", message: first.problem ?? "", fields: [] });
          return;
        }
        try {
          await callbacks.current.call(() => api.assignDocument(draft.id, target.dataset.slotId!, first.file!.token));
        } catch (err) {
          callbacks.current.onError(toDeskError(err));
        }
      })
      .then((u) => (live ? (unlisten = u) : u()))
      .catch(() => undefined);
    return () => {
      live = false;
      unlisten?.();
    };
  }, [draft.id]);
  const groups = new Map<string, SlotView[]>();
  for (const slot of state.slots) {
    const owner = slot.def.ownerName || t("wizard.documents.customer");
    groups.set(owner, [...(groups.get(owner) ?? []), slot]);
  }
  return (
    <div data-testid="documents-step">
      {state.identityDocuments.length > 0 && (
        <div className="field field--inline">
          <label className="field__label" htmlFor="identity-doc">
            {t("field.identityDocument")}
          </label>
          <select
            id="identity-doc"
            data-field="identityDocument"
            value={draft.identityDocument}
            onChange={(e) => {
              const identityDocument = e.target.value;
              onEdit((d) => ({ ...d, identityDocument }));
            }}
          >
            {state.identityDocuments.map((d) => (
              <option key={d} value={d}>
                {t(`enum.${d}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
      )}
      <p className="muted small">{t("wizard.documents.rules")}</p>
      {[...groups.entries()].map(([owner, slots]) => (
        <section key={owner} className="doc-group">
          <h3>{owner}</h3>
          <ul className="slots">
            {slots.map((slot) => (
              <Slot
                key={slot.def.slotId}
                slot={slot}
                draftId={draft.id}
                error={errors.get(`slots.${slot.def.slotId}`)}
                call={call}
                onError={onError}
                needed={state.confirmation}
                confirm={confirm}
                ownerName={owner}
              />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function Slot({
  slot,
  draftId,
  error,
  call,
  onError,
  needed,
  confirm,
  ownerName,
}: {
  slot: SlotView;
  draftId: string;
  error?: string;
  /** Runs a server call whose answer becomes the wizard state. */
  call: (fn: () => Promise<WizardState>) => Promise<void>;
  onError: (e: DeskError | null) => void;
  /** What Rust asks to be typed before an upload (Production): about the customer. */
  needed: ConfirmationNeeded | null | undefined;
  confirm: Props["confirm"];
  ownerName: string;
}) {
  const { t, lang } = useI18n();
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const label =
    t(`req.${slot.def.documentType}` as MessageKey) +
    (slot.def.side ? ` — ${t(`side.${slot.def.side}` as MessageKey)}` : "");
  const file = slot.picked ?? slot.file;
  const uploaded = !!slot.uploadedAt;

  const pick = async () => {
    onError(null);
    setBusy(true);
    try {
      await call(() => api.pickDocument(draftId, slot.def.slotId, `${label} — ${ownerName}`));
    } catch (e) {
      onError(toDeskError(e));
    } finally {
      setBusy(false);
    }
  };

  const upload = async () => {
    onError(null);
    const confirmed = await confirm(needed);
    if (!confirmed.go) return;
    const confirmation = confirmed.confirmation;
    setBusy(true);
    setProgress({ sent: 0, total: file?.size ?? 0 });
    try {
      await call(() => api.uploadDocument(draftId, slot.def.slotId, confirmation, (p) => setProgress(p)));
    } catch (e) {
      onError(toDeskError(e));
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  return (
    <li
      className={`slot${uploaded ? " slot--done" : ""}`}
      data-testid={`slot-${slot.def.slotId}`}
      data-slot-id={slot.def.slotId}
      data-uploaded={uploaded}
    >
      <div className="slot__head">
        <span className="slot__status" aria-hidden="true">
          {uploaded ? "✓" : slot.def.required ? "•" : "○"}
        </span>
        <strong>{label}</strong>
        {uploaded ? (
          <span className="badge badge--success">{t("wizard.documents.uploaded")}</span>
        ) : (
          <span className={`badge ${slot.def.required ? "badge--warning" : "badge--neutral"}`}>
            {slot.def.required ? t("wizard.documents.required") : t("wizard.documents.optional")}
          </span>
        )}
      </div>
      {file && (
        <div className="slot__file" data-testid="slot-file">
          {slot.picked?.thumbnail && <img src={slot.picked.thumbnail} alt="" className="slot__thumb" />}
          <span>
            <span className="mono">{file.fileName}</span> · {formatSize(file.size)} · {file.kind.toUpperCase()} · SHA-256{" "}
            <span className="mono" title={file.sha256}>
              {file.sha256.slice(0, 12)}…
            </span>
          </span>
        </div>
      )}
      {!uploaded && <Findings findings={slot.findings} />}
      {slot.dateAsked && (
        <DocumentDateField
          key={slot.documentDate ?? ""}
          slot={slot}
          onSave={async (date) => {
            onError(null);
            try {
              await call(() => api.documentDate(draftId, slot.def.slotId, date));
            } catch (e) {
              onError(toDeskError(e));
            }
          }}
        />
      )}
      {slot.problem && (
        <p className="field__error" role="alert">
          {slot.problem}
        </p>
      )}
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      {progress && (
        <div className="slot__progress">
          <progress max={progress.total || 1} value={progress.sent} data-testid="upload-progress" />
          <span className="small">{progress.total ? Math.round((progress.sent / progress.total) * 100) : 0}%</span>
          <button
            type="button"
            className="button button--link"
            onClick={() => api.cancelUpload(draftId, slot.def.slotId)}
          >
            {t("common.cancel")}
          </button>
        </div>
      )}
      <div className="actions">
        {uploaded && (
          <span className="badge badge--success" data-testid="slot-uploaded">
            ✓ {t("wizard.documents.uploadedAt", { time: formatDateTime(slot.uploadedAt, lang) })}
          </span>
        )}
        <button type="button" className="button button--secondary" disabled={busy} onClick={pick} data-testid="slot-pick">
          {file ? t("wizard.documents.replace") : t("wizard.documents.choose")}
        </button>
        {!file && <span className="muted small">{t("wizard.documents.orDrop")}</span>}
        {slot.picked && !uploaded && (
          <button type="button" className="button" disabled={busy} onClick={upload} data-testid="slot-upload">
            {t("wizard.documents.upload")}
          </button>
        )}
      </div>
    </li>
  );
}

/** The date printed on the document (a proof of address's issue date, an ID's expiry),
 * saved when the field is left: Rust's guard checks how old it will be by the end of
 * the review. */
function DocumentDateField({ slot, onSave }: { slot: SlotView; onSave: (date: string) => Promise<void> }) {
  const { t } = useI18n();
  const [value, setValue] = useState(slot.documentDate ?? "");
  const id = `date-${slot.def.slotId}`;
  return (
    <label className="field slot__date" htmlFor={id}>
      <span className="field__label">{slot.dateAsked === "issuedOn" ? t("slot.issuedOn") : t("slot.expiresOn")}</span>
      <input
        id={id}
        value={value}
        inputMode="numeric"
        placeholder={t("field.dateFormat")}
        onChange={(e) => setValue(e.target.value)}
        onBlur={() => {
          if (value !== (slot.documentDate ?? "")) void onSave(value);
        }}
        data-testid="slot-date"
        data-saved={slot.documentDate ?? ""}
      />
    </label>
  );
}
