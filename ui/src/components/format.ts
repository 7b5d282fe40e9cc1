import type { Language } from "../i18n";

// Building an Intl formatter is far dearer than using one, and lists format a date per row
// on every keystroke: one formatter per language, made once.
const dateTimeFormats = new Map<Language, Intl.DateTimeFormat>();

export function formatDateTime(iso: string | null | undefined, lang: Language): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  let format = dateTimeFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
    dateTimeFormats.set(lang, format);
  }
  return format.format(d);
}

export function formatNumber(n: number, lang: Language): string {
  return n.toLocaleString(lang);
}

export function formatAmount(value: string | null | undefined, lang: Language): string {
  if (value == null) return "—";
  const n = Number(value);
  return Number.isFinite(n) ? n.toLocaleString(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : value;
}
