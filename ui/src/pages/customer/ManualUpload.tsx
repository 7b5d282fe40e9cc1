import { useState } from "react";
import {
  api,
  fieldError,
  toDeskError,
  type CustomerView,
  type DeskError,
  type PickedFile,
} from "../../api";
import { useTypedConfirmation } from "../../components/ConfirmDialog";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useVocabulary } from "../../app/vocabulary";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";

type Party = CustomerView["parties"][number];
function flatten(parties: Party[], depth = 0): { party: Party; depth: number }[] {
  return parties.flatMap((p) => [{ party: p, depth }, ...flatten(p.children, depth + 1)]);
}

/** "Upload a document" outside the wizard: any type, side and party, at any time. */
export function ManualUpload({ view, onUploaded }: { view: CustomerView; onUploaded: () => void }) {
  const { t } = useI18n();
  const { documentTypes, documentSides } = useVocabulary();
  const [type, setType] = useState(documentTypes[0]?.value ?? "");
  const [side, setSide] = useState(documentSides[0] ?? "");
  const sided = documentTypes.find((d) => d.value === type)?.sided ?? false;
  const [party, setParty] = useState("");
  const [country, setCountry] = useState(view.country || "BRA");
  const [file, setFile] = useState<PickedFile | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<DeskError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  /** Asked for only when Rust refuses a file Lumx already rejected. */
  const [reason, setReason] = useState("");
  const needsReason = !!error && "fields" in error && error.fields.some((f) => f.field === "overrideReason");
  const [confirm, confirmElement] = useTypedConfirmation();

  const pick = async () => {
    setError(null);
    setDone(null);
    try {
      const picked = await api.pickAnyDocument(t(`req.${type}` as MessageKey));
      if (picked) setFile(picked);
    } catch (e) {
      setError(toDeskError(e));
    }
  };

  const upload = async () => {
    if (!file) return;
    setError(null);
    const confirmed = await confirm(view.confirmation);
    if (!confirmed.go) return;
    const confirmation = confirmed.confirmation;
    setProgress(0);
    try {
      await api.uploadManual(
        {
          customerId: view.id,
          token: file.token,
          documentType: type,
          side: sided ? side : null,
          associatedPartyId: party || null,
          country,
          overrideReason: reason.trim() || null,
        },
        confirmation,
        (p) => setProgress(p.total ? p.sent / p.total : 0),
      );
      setDone(file.fileName);
      setFile(null);
      setReason("");
      onUploaded();
    } catch (e) {
      setError(toDeskError(e));
    } finally {
      setProgress(null);
    }
  };

  return (
    <section className="card" aria-labelledby="upload-title" data-testid="manual-upload">
      {confirmElement}
      <h2 id="upload-title">{t("upload.title")}</h2>
      <div className="form-grid">
        <label className="field">
          <span className="field__label">{t("upload.type")}</span>
          <select value={type} onChange={(e) => setType(e.target.value)} data-field="documentType">
            {documentTypes.map((d) => (
              <option key={d.value} value={d.value}>
                {t(`req.${d.value}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        {sided && (
          <label className="field">
            <span className="field__label">{t("upload.side")}</span>
            <select value={side} onChange={(e) => setSide(e.target.value)} data-field="side">
              {documentSides.map((s) => (
                <option key={s} value={s}>
                  {t(`side.${s}` as MessageKey)}
                </option>
              ))}
            </select>
            {fieldError(error, "side") && <span className="field__error">{fieldError(error, "side")}</span>}
          </label>
        )}
        {view.parties.length > 0 && (
          <label className="field">
            <span className="field__label">{t("upload.party")}</span>
            <select value={party} onChange={(e) => setParty(e.target.value)} data-field="associatedPartyId">
              <option value="">{t("upload.party.customer")}</option>
              {flatten(view.parties).map(({ party: p, depth }) => (
                <option key={p.id} value={p.id}>
                  {"— ".repeat(depth)}
                  {p.name} ({p.roles.map((r) => t(`enum.${r}` as MessageKey)).join(", ")})
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field">
          <span className="field__label">{t("upload.country")}</span>
          <input
            value={country}
            maxLength={3}
            onChange={(e) => setCountry(e.target.value.toUpperCase())}
            aria-invalid={fieldError(error, "country") ? true : undefined}
            data-field="country"
          />
          {fieldError(error, "country") && <span className="field__error">{fieldError(error, "country")}</span>}
        </label>
      </div>
      {file && (
        <p className="slot__file" data-testid="manual-file">
          {file.thumbnail && <img src={file.thumbnail} alt="" className="slot__thumb" />}
          <span className="mono">{file.fileName}</span> · {file.kind.toUpperCase()} · SHA-256{" "}
          <span className="mono">{file.sha256.slice(0, 12)}…</span>
        </p>
      )}
      {progress !== null && <progress max={1} value={progress} data-testid="manual-progress" />}
      {(needsReason || reason) && (
        <label className="field field--grow">
          <span className="field__label">{t("rfis.reason")}</span>
          <input value={reason} onChange={(e) => setReason(e.target.value)} data-testid="manual-reason" />
        </label>
      )}
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={pick} data-testid="manual-pick">
          {file ? t("wizard.documents.replace") : t("wizard.documents.choose")}
        </button>
        <button
          type="button"
          className="button"
          disabled={!file || progress !== null}
          onClick={upload}
          data-testid="manual-send"
        >
          {t("wizard.documents.upload")}
        </button>
        {done && (
          <span className="badge badge--success" role="status">
            ✓ {t("upload.done", { name: done })}
          </span>
        )}
      </div>
      {error && <ErrorNotice error={error} />}
    </section>
  );
}
