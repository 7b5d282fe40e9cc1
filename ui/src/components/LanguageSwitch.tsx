import { LANGUAGES, useI18n } from "../i18n";

const SHORT = { en: "EN", "pt-BR": "PT" } as const;
const LABEL_KEY = { en: "lang.en", "pt-BR": "lang.ptBR" } as const;

/** A two-button switch: one click, always visible, no hidden menu. */
export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="segmented" role="group" aria-label={t("lang.label")}>
      {LANGUAGES.map((l) => (
        <button
          key={l}
          type="button"
          className="segmented__option"
          data-testid={`language-${l}`}
          aria-pressed={lang === l}
          title={t(LABEL_KEY[l])}
          onClick={() => setLang(l)}
        >
          <span aria-hidden="true">{SHORT[l]}</span>
          <span className="visually-hidden">{t(LABEL_KEY[l])}</span>
        </button>
      ))}
    </div>
  );
}
