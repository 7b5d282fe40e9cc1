import type { CountryOption, FieldDef, KeyValueField } from "../../api";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";

export function optionLabel(t: (k: MessageKey) => string, value: string): string {
  return t(`enum.${value}` as MessageKey);
}

interface Props {
  def: FieldDef;
  /** Label i18n key (defaults to `field.<path>`). */
  labelKey?: string;
  id: string;
  value: unknown;
  error?: string;
  disabled?: boolean;
  countries: CountryOption[];
  onChange: (value: unknown) => void;
}

/** One input rendered from a Rust field definition. */
export function FieldInput({ def, labelKey, id, value, error, disabled, countries, onChange }: Props) {
  const { t, lang } = useI18n();
  const label = t((labelKey ?? `field.${def.path}`) as MessageKey);
  const describedBy = error ? `${id}-error` : undefined;
  const common = {
    id,
    disabled,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
    "data-field": def.path,
  } as const;
  const text = typeof value === "string" ? value : "";
  const list = Array.isArray(value) ? (value as string[]) : [];
  const options = def.options.flatMap((g) => g.options);

  let control;
  switch (def.input) {
    case "textArea":
      control = <textarea {...common} rows={3} value={text} onChange={(e) => onChange(e.target.value)} />;
      break;
    case "date":
      // Typed, not a date picker: WebKit's date input turns a date that does not exist
      // (1990-02-30) into "", and Rust could then only say "required". As typed, Rust says
      // what is wrong with it.
      control = (
        <input
          {...common}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          maxLength={10}
          placeholder={t("field.dateFormat")}
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />
      );
      break;
    case "email":
      control = <input {...common} type="email" value={text} onChange={(e) => onChange(e.target.value)} />;
      break;
    case "phone":
      control = (
        <input {...common} type="tel" placeholder="+5511999999999" value={text} onChange={(e) => onChange(e.target.value)} />
      );
      break;
    case "country":
      control = (
        <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">—</option>
          {countries.map((c) => (
            <option key={c.alpha3} value={c.alpha3}>
              {lang === "pt-BR" ? c.namePt : c.nameEn} ({c.alpha3})
            </option>
          ))}
        </select>
      );
      break;
    case "select":
      control = (
        <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">—</option>
          {def.options.map((g, i) =>
            g.group ? (
              <optgroup key={i} label={t(g.group as MessageKey)}>
                {g.options.map((o) => (
                  <option key={o} value={o}>
                    {optionLabel(t, o)}
                  </option>
                ))}
              </optgroup>
            ) : (
              g.options.map((o) => (
                <option key={o} value={o}>
                  {optionLabel(t, o)}
                </option>
              ))
            ),
          )}
        </select>
      );
      break;
    case "multiSelect":
    case "currencies":
      control = (
        <div className="checks" role="group" aria-labelledby={`${id}-label`} data-field={def.path}>
          {options.map((o) => {
            const checked = list.includes(o);
            return (
              <label key={o} className="check">
                <input
                  type="checkbox"
                  disabled={disabled}
                  checked={checked}
                  data-option={o}
                  onChange={() => {
                    let next = checked ? list.filter((x) => x !== o) : [...list, o];
                    // The exclusive option (NONE) and the others rule each other out.
                    if (!checked && def.exclusive) {
                      next = o === def.exclusive ? [o] : next.filter((x) => x !== def.exclusive);
                    }
                    onChange(next);
                  }}
                />
                {def.input === "currencies" ? o : optionLabel(t, o)}
              </label>
            );
          })}
        </div>
      );
      break;
    case "checkbox":
      return (
        <div className="field">
          <label className="check">
            <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
            {label}
          </label>
          {error && (
            <span className="field__error" id={`${id}-error`}>
              {error}
            </span>
          )}
        </div>
      );
    case "metadata": {
      const rows = (Array.isArray(value) ? value : []) as KeyValueField[];
      control = (
        <div className="kv" data-field={def.path}>
          {rows.map((kv, i) => (
            <div key={i} className="kv__row">
              <input
                aria-label={t("wizard.metadata.key")}
                placeholder={t("wizard.metadata.key")}
                disabled={disabled}
                value={kv.key}
                onChange={(e) => onChange(rows.map((r, j) => (j === i ? { ...r, key: e.target.value } : r)))}
              />
              <input
                aria-label={t("wizard.metadata.value")}
                placeholder={t("wizard.metadata.value")}
                disabled={disabled}
                value={kv.value}
                onChange={(e) => onChange(rows.map((r, j) => (j === i ? { ...r, value: e.target.value } : r)))}
              />
              <button
                type="button"
                className="button button--link"
                disabled={disabled}
                onClick={() => onChange(rows.filter((_, j) => j !== i))}
              >
                {t("common.remove")}
              </button>
            </div>
          ))}
          <button
            type="button"
            className="button button--secondary"
            disabled={disabled}
            onClick={() => onChange([...rows, { key: rows.length === 0 ? "externalId" : "", value: "" }])}
          >
            {t("wizard.metadata.add")}
          </button>
        </div>
      );
      break;
    }
    default:
      control = (
        <input
          {...common}
          inputMode={def.input === "amount" ? "decimal" : undefined}
          type={def.input === "url" ? "url" : "text"}
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
  return (
    <div className="field">
      <label className="field__label" htmlFor={id} id={`${id}-label`}>
        {label}
        {def.required && <span aria-hidden="true"> *</span>}
        {def.input === "date" && <span className="field__format"> ({t("field.dateFormat")})</span>}
      </label>
      {control}
      {error && (
        <span className="field__error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
