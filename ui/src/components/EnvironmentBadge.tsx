import type { AppInfo } from "../api";
import { useI18n } from "../i18n";
import type { MessageKey } from "../i18n/en";

type Environment = AppInfo["environment"];

export const ENVIRONMENT_LABEL: Record<Environment, MessageKey> = {
  localSandbox: "env.localSandbox",
  sandbox: "env.sandbox",
  production: "env.production",
};

/** Always visible in the header: which API every action goes to. */
export function EnvironmentBadge({ environment }: { environment: Environment }) {
  const { t } = useI18n();
  return (
    <span className={`env-badge env-badge--${environment}`} data-testid="environment-badge">
      <span className="visually-hidden">{t("env.label")}: </span>
      {t(ENVIRONMENT_LABEL[environment])}
    </span>
  );
}
