import { useCallback, useEffect, useState } from "react";
import {
  api,
  fieldError,
  toDeskError,
  type AppInfo,
  type ConnectionReport,
  type DeskError,
  type EnvironmentKind,
  type EnvironmentStatus,
} from "../api";
import { useTypedConfirmation } from "../components/ConfirmDialog";
import { ENVIRONMENT_LABEL } from "../components/EnvironmentBadge";
import { ErrorNotice } from "../components/ErrorNotice";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { useI18n } from "../i18n";
import { AuditLog } from "./AuditLog";
import { DraftRetentionSettings } from "./DraftRetentionSettings";
import type { MessageKey } from "../i18n/en";

const HELP: Record<EnvironmentKind, MessageKey> = {
  localSandbox: "env.localSandbox.help",
  sandbox: "env.sandbox.help",
  production: "env.production.help",
};

const OUTCOME: Record<ConnectionReport["outcome"], MessageKey> = {
  accepted: "conn.accepted",
  noKey: "conn.noKey",
  unauthorized: "conn.unauthorized",
  forbidden: "conn.forbidden",
  unreachable: "conn.unreachable",
  tls: "conn.tls",
  timeout: "conn.timeout",
  serverError: "conn.serverError",
  unexpected: "conn.unexpected",
};

export function SettingsPage({ info, onEnvironmentChanged }: { info: AppInfo; onEnvironmentChanged: () => void }) {
  const { t } = useI18n();
  const [environments, setEnvironments] = useState<EnvironmentStatus[] | null>(null);
  const [error, setError] = useState<DeskError | null>(null);
  const [confirm, confirmElement] = useTypedConfirmation();

  const reload = useCallback(() => {
    api.environments().then(setEnvironments, (e: unknown) => setError(toDeskError(e)));
  }, []);
  useEffect(reload, [reload]);

  const switchTo = async (kind: EnvironmentKind) => {
    const target = environments?.find((e) => e.kind === kind);
    const confirmed = await confirm(target?.confirmation, {
      title: "settings.switchProduction.title",
      body: "settings.switchProduction.body",
    });
    if (!confirmed.go) return;
    try {
      setEnvironments(await api.setEnvironment(kind, confirmed.confirmation));
      setError(null);
      onEnvironmentChanged();
    } catch (e) {
      setError(toDeskError(e));
    }
  };

  return (
    <>
      <h1 className="page-title">{t("settings.title")}</h1>
      {confirmElement}
      <section className="card" aria-labelledby="settings-general">
        <h2 id="settings-general">{t("settings.general")}</h2>
        <div className="field-row">
          <span className="field-row__label">{t("lang.label")}</span>
          <LanguageSwitch />
        </div>
      </section>
      <section className="card" aria-labelledby="settings-environments">
        <h2 id="settings-environments">{t("settings.environments")}</h2>
        {error && <ErrorNotice error={error} />}
        <ul className="env-list">
          {(environments ?? []).map((env) => (
            <EnvironmentItem key={env.kind} env={env} onSwitch={() => switchTo(env.kind)} onChanged={reload} />
          ))}
        </ul>
      </section>
      <DraftRetentionSettings />
      <AuditLog />
      <section className="card" aria-labelledby="settings-about">
        <h2 id="settings-about">{t("settings.about")}</h2>
        <p data-testid="app-version">{t("app.version", { version: info.version })}</p>
      </section>
    </>
  );
}

function EnvironmentItem({
  env,
  onSwitch,
  onChanged,
}: {
  env: EnvironmentStatus;
  onSwitch: () => void;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const [keyInput, setKeyInput] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DeskError | null>(null);
  const [report, setReport] = useState<ConnectionReport | null>(null);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(toDeskError(e));
    } finally {
      setBusy(false);
    }
  };

  const saveKey = () =>
    run(async () => {
      await api.setApiKey(env.kind, keyInput);
      setKeyInput("");
      setReport(null);
      onChanged();
    });
  const deleteKey = () =>
    run(async () => {
      await api.deleteApiKey(env.kind);
      setReport(null);
      onChanged();
    });
  const test = () => run(async () => setReport(await api.testConnection(env.kind)));

  const keyProblem = fieldError(error, "apiKey");
  return (
    <li className={`env-list__item env-list__item--${env.kind}`} data-testid={`env-${env.kind}`}>
      <div className="env-list__head">
        <div>
          <strong>{t(ENVIRONMENT_LABEL[env.kind])}</strong>
          {env.current && <span className="tag">{t("settings.current")}</span>}
          <p className="muted">{t(HELP[env.kind])}</p>
          {env.baseUrl && <p className="muted mono" data-testid={`env-url-${env.kind}`}>{env.baseUrl}</p>}
        </div>
        {!env.current && (
          <button type="button" className="button button--secondary" onClick={onSwitch} data-testid={`use-${env.kind}`}>
            {t("settings.use")}
          </button>
        )}
      </div>
      {env.kind !== "localSandbox" && (
        <div className="key-form">
          <p data-testid={`key-status-${env.kind}`}>
            {env.key.isSet
              ? env.key.lastFour
                ? t("settings.key.setEnding", { last: env.key.lastFour })
                : t("settings.key.set")
              : t("settings.key.none")}
          </p>
          {env.keyError && <p className="notice notice--error">{env.keyError}</p>}
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void saveKey();
            }}
          >
            <label className="field">
              <span className="field__label">{env.key.isSet ? t("settings.key.replace") : t("settings.key.add")}</span>
              <input
                type="password"
                autoComplete="off"
                spellCheck={false}
                value={keyInput}
                aria-invalid={keyProblem ? true : undefined}
                onChange={(e) => setKeyInput(e.target.value)}
                data-testid={`key-input-${env.kind}`}
              />
              {keyProblem && <span className="field__error">{keyProblem}</span>}
            </label>
            <button type="submit" className="button" disabled={busy || keyInput.trim() === ""}>
              {t("settings.key.save")}
            </button>
            {env.key.isSet && (
              <button type="button" className="button button--secondary" disabled={busy} onClick={deleteKey}>
                {t("settings.key.delete")}
              </button>
            )}
          </form>
        </div>
      )}
      <div className="actions">
        <button
          type="button"
          className="button button--secondary"
          disabled={busy}
          onClick={test}
          data-testid={`test-${env.kind}`}
        >
          {t("settings.test")}
        </button>
        {report && (
          <span
            className={`conn conn--${report.outcome === "accepted" ? "ok" : "bad"}`}
            role="status"
            data-testid={`conn-${env.kind}`}
            data-outcome={report.outcome}
          >
            {t(OUTCOME[report.outcome])} <span className="muted">({report.elapsedMs} ms)</span>
            {report.detail && (
              <details className="conn__details">
                <summary>{t("settings.test.details")}</summary>
                <span className="mono small">{report.detail}</span>
              </details>
            )}
          </span>
        )}
      </div>
      {error && !keyProblem && <ErrorNotice error={error} />}
    </li>
  );
}
