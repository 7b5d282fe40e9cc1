import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { en, type Catalogue, type MessageKey } from "./en";
import { ptBR } from "./pt-BR";

export type Language = "en" | "pt-BR";
export const LANGUAGES: readonly Language[] = ["pt-BR", "en"];

const catalogues: Record<Language, Catalogue> = { en, "pt-BR": ptBR };
const STORAGE_KEY = "lumx-desk.language";

/** Fills `{name}` placeholders; unknown placeholders are left visible so they get noticed. */
export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function translate(lang: Language, key: MessageKey, params?: Record<string, string | number>) {
  const message = catalogues[lang][key];
  return message === undefined ? unknownValue(key) : format(message, params);
}

/** A key built at run time from an API value the catalogue has no words for yet
 * (`req.NEW_TYPE`, `enum.SOMETHING_ELSE`, `field.additional.newThing`): the value in plain
 * case ("New type", "New thing"), so a vocabulary Lumx extends still reads; any other
 * missing key stays visible as is. */
function unknownValue(key: string): string {
  const value = /^[\w]+\.([A-Z][A-Z0-9_]*)$/.exec(key)?.[1];
  // A field Lumx added (`field.additional.newThing`): its last name, in words.
  const field = /^field\.(?:[\w.]+\.)?([a-z][A-Za-z0-9]*)$/.exec(key)?.[1];
  if (!value && !field) return key;
  const words = (value ?? field!.replace(/([a-z0-9])([A-Z])/g, "$1 $2")).toLowerCase().replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function storedLanguage(): Language | null {
  const value = globalThis.localStorage?.getItem(STORAGE_KEY);
  return value === "en" || value === "pt-BR" ? value : null;
}

/** A message with a `.one` and an `.other` form (`rfis.round.items`). */
export type PluralKey = { [K in MessageKey]: K extends `${infer Base}.other` ? Base : never }[MessageKey];

/** The form of `base` that `count` takes in `lang` (Intl.PluralRules), with `{n}` filled. */
export function translatePlural(
  lang: Language,
  base: PluralKey,
  count: number,
  params?: Record<string, string | number>,
): string {
  const form = new Intl.PluralRules(lang).select(count) === "one" ? "one" : "other";
  return translate(lang, `${base}.${form}` as MessageKey, { n: count, ...params });
}

interface I18n {
  lang: Language;
  setLang: (lang: Language) => void;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  /** Plural messages: the form follows `count` (`1 item`, `2 itens`). */
  tn: (base: PluralKey, count: number, params?: Record<string, string | number>) => string;
  /** The language Rust composes messages in, once it has heard of it (null before):
   * screens holding Rust's messages read them again when it changes. */
  rustLang: Language | null;
}

const I18nContext = createContext<I18n | null>(null);

let onLanguageChange: ((lang: Language) => Promise<void> | void) | null = null;
/** Registers who must hear about language changes (the api module tells Rust). */
export function setLanguageListener(listener: (lang: Language) => Promise<void> | void) {
  onLanguageChange = listener;
}

export function I18nProvider({ initial, children }: { initial: Language; children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(initial);
  const [rustLang, setRustLang] = useState<Language | null>(null);
  const setLang = useCallback((next: Language) => {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, params) => translate(lang, key, params),
      tn: (base, count, params) => translatePlural(lang, base, count, params),
      rustLang,
    }),
    [lang, setLang, rustLang],
  );
  useEffect(() => {
    document.documentElement.lang = lang;
    // Messages composed in Rust (validation, file checks) follow the UI language.
    let current = true;
    void Promise.resolve(onLanguageChange?.(lang)).then(
      () => current && setRustLang(lang),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error("useI18n outside I18nProvider");
  return ctx;
}
