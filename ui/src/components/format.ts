import type { Language } from "../i18n";

export function formatDateTime(iso: string | null | undefined, lang: Language): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang, { dateStyle: "medium", timeStyle: "short" });
}

export function formatNumber(n: number, lang: Language): string {
  return n.toLocaleString(lang);
}

export function formatAmount(value: string | null | undefined, lang: Language): string {
  if (value == null) return "—";
  const n = Number(value);
  return Number.isFinite(n) ? n.toLocaleString(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : value;
}
