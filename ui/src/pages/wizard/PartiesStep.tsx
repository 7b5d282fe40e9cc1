import type { CountryOption, DraftView, PartyForm, PartyFormDef, PartyKindDef } from "../../api";
import { api } from "../../api";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";
import { FieldInput, optionLabel } from "./FieldInput";
import type { DraftChange } from "./editLog";
import { getPath, setPath } from "./paths";
import { AwaitingNotice } from "./AwaitingNotice";
import type { WizardActions } from "./Wizard";

/** A new party: Rust's template with an id of its own. */
function newParty(form: PartyFormDef): PartyForm {
  return { ...form.template, address: { ...form.template.address }, localId: crypto.randomUUID() };
}

const NO_KIND: PartyKindDef = { partyType: "", roles: [], nameField: "name", fields: [] };

interface Props {
  draft: DraftView;
  /** How parties are built and edited, as Rust defines them. */
  form: PartyFormDef;
  /** Parties sent whose answer never came: fields stay as sent until sent again. */
  awaiting: string[];
  errors: Map<string, string>;
  countries: CountryOption[];
  onEdit: (change: DraftChange) => void;
  actions: WizardActions;
}

export function PartiesStep({ draft, form, awaiting, errors, countries, onEdit, actions }: Props) {
  const { t } = useI18n();
  const kindOf = (partyType: string) => form.kinds.find((k) => k.partyType === partyType) ?? NO_KIND;
  const setParty = (i: number, change: (p: PartyForm) => PartyForm) =>
    onEdit((d) => ({ ...d, parties: d.parties.map((x, j) => (j === i ? change(x) : x)) }));
  const nameOf = (p: PartyForm) => String(getPath(p, kindOf(p.partyType).nameField) ?? "") || t("wizard.party.unnamed");

  return (
    <div data-testid="parties-step">
      {errors.get("parties") && (
        <p className="field__error" role="alert">
          {errors.get("parties")}
        </p>
      )}
      {draft.parties.map((p, i) => {
        const sent = !!p.remoteId;
        const parent = draft.parties.find((x) => x.localId === p.parentLocalId);
        const parentSent = !p.parentLocalId || !!parent?.remoteId;
        const waiting = awaiting.includes(p.localId);
        const kind = kindOf(p.partyType);
        return (
          <fieldset key={p.localId} className="party" data-testid={`party-${i}`} disabled={sent || actions.busy}>
            <legend>
              {t(`enum.${p.role}` as MessageKey)} — {nameOf(p)}{" "}
              {sent && <span className="badge badge--success">{t("wizard.party.sent")}</span>}
            </legend>
            {waiting && <AwaitingNotice />}
            <fieldset className="party__fields" disabled={waiting}>
            <div className="form-grid">
              <div className="field">
                <label className="field__label" htmlFor={`p${i}-type`}>
                  {t("party.partyType")}
                </label>
                <select
                  id={`p${i}-type`}
                  data-field={`parties[${i}].partyType`}
                  value={p.partyType}
                  onChange={(e) => {
                    const partyType = e.target.value;
                    // Keep the role when the new type allows it, else take its first.
                    const roles = kindOf(partyType).roles;
                    setParty(i, (x) => ({
                      ...x,
                      partyType,
                      role: roles.includes(x.role) ? x.role : (roles[0] ?? x.role),
                    }));
                  }}
                >
                  {form.kinds.map((k) => (
                    <option key={k.partyType} value={k.partyType}>
                      {t(`partyType.${k.partyType}` as MessageKey)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label className="field__label" htmlFor={`p${i}-role`}>
                  {t("party.role")}
                </label>
                <select
                  id={`p${i}-role`}
                  data-field={`parties[${i}].role`}
                  value={p.role}
                  aria-invalid={errors.get(`parties[${i}].role`) ? true : undefined}
                  onChange={(e) => {
                    const role = e.target.value;
                    setParty(i, (x) => ({ ...x, role }));
                  }}
                >
                  {kind.roles.map((r) => (
                    <option key={r} value={r}>
                      {optionLabel(t, r)}
                    </option>
                  ))}
                </select>
                {errors.get(`parties[${i}].role`) && <span className="field__error">{errors.get(`parties[${i}].role`)}</span>}
              </div>
              <div className="field">
                <label className="field__label" htmlFor={`p${i}-parent`}>
                  {t("party.parent")}
                </label>
                <select
                  id={`p${i}-parent`}
                  data-field={`parties[${i}].parentLocalId`}
                  value={p.parentLocalId ?? ""}
                  onChange={(e) => {
                    const parentLocalId = e.target.value || null;
                    setParty(i, (x) => ({ ...x, parentLocalId }));
                  }}
                >
                  <option value="">{t("party.parent.none")}</option>
                  {draft.parties
                    .filter((x) => x.localId !== p.localId)
                    .map((x) => (
                      <option key={x.localId} value={x.localId}>
                        {nameOf(x)}
                      </option>
                    ))}
                </select>
                {errors.get(`parties[${i}].parentLocalId`) && (
                  <span className="field__error">{errors.get(`parties[${i}].parentLocalId`)}</span>
                )}
              </div>
              {kind.fields.map((def) => (
                <FieldInput
                  key={def.path}
                  id={`p${i}-${def.path.replace(/\W/g, "-")}`}
                  def={{ ...def, path: `parties[${i}].${def.path}` }}
                  labelKey={`party.${def.path}`}
                  value={getPath(p, def.path)}
                  error={errors.get(`parties[${i}].${def.path}`)}
                  countries={countries}
                  onChange={(v) => setParty(i, (x) => setPath(x, def.path, v))}
                />
              ))}
            </div>
            </fieldset>
            {!sent && (
              <div className="actions">
                <button
                  type="button"
                  className="button"
                  disabled={!draft.customerId || !parentSent}
                  data-testid={`send-party-${i}`}
                  onClick={() => actions.run((c) => api.sendParty(draft.id, p.localId, c))}
                >
                  {t("wizard.party.send")}
                </button>
                {!parentSent && <span className="muted">{t("wizard.party.parentFirst")}</span>}
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={waiting}
                  onClick={() => onEdit((d) => ({ ...d, parties: d.parties.filter((_, j) => j !== i) }))}
                >
                  {t("common.remove")}
                </button>
              </div>
            )}
          </fieldset>
        );
      })}
      <div className="actions">
        <button
          type="button"
          className="button button--secondary"
          data-testid="add-party"
          onClick={() => {
            const fresh = newParty(form);
            onEdit((d) => ({ ...d, parties: [...d.parties, fresh] }));
          }}
        >
          + {t("wizard.party.add")}
        </button>
      </div>
    </div>
  );
}
