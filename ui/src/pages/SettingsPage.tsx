import type { AppInfo } from "../api";
import { ENVIRONMENT_LABEL } from "../components/EnvironmentBadge";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { useI18n } from "../i18n";
import type { MessageKey } from "../i18n/en";

const ENVIRONMENTS: AppInfo["environment"][] = ["localSandbox", "sandbox", "production"];
const HELP: Record<AppInfo["environment"], MessageKey> = {
  localSandbox: "env.localSandbox.help",
  sandbox: "env.sandbox.help",
  production: "env.production.help",
};

export function SettingsPage({ info }: { info: AppInfo }) {
  const { t } = useI18n();
  return (
    <>
      <h1 className="page-title">{t("settings.title")}</h1>
      <section className="card" aria-labelledby="settings-general">
        <h2 id="settings-general">{t("settings.general")}</h2>
        <div className="field-row">
          <span className="field-row__label">{t("lang.label")}</span>
          <LanguageSwitch />
        </div>
      </section>
      <section className="card" aria-labelledby="settings-environments">
        <h2 id="settings-environments">{t("settings.environments")}</h2>
        <ul className="env-list">
          {ENVIRONMENTS.map((env) => (
            <li key={env} className={`env-list__item env-list__item--${env}`}>
              <div>
                <strong>{t(ENVIRONMENT_LABEL[env])}</strong>
                {env === info.environment && <span className="tag">{t("settings.current")}</span>}
                <p className="muted">{t(HELP[env])}</p>
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="settings-about">
        <h2 id="settings-about">{t("settings.about")}</h2>
        <p data-testid="app-version">{t("app.version", { version: info.version })}</p>
      </section>
    </>
  );
}
