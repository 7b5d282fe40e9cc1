import { useCallback, useEffect, useState } from "react";
import { api, toDeskError, type AuditResult, type AuditRow, type AuditVerification, type DeskError } from "../api";
import type { MessageKey } from "../i18n/en";
import { ErrorNotice } from "../components/ErrorNotice";
import { formatDateTime } from "../components/format";
import { useI18n } from "../i18n";

type I18n = ReturnType<typeof useI18n>;

/** What verification found, in words: the first problem, or that the chain is intact. */
function describeCheck(check: AuditVerification, { t, tn }: Pick<I18n, "t" | "tn">): string {
  const problem = check.problem;
  if (!problem) {
    const intact = tn("audit.intact", check.entries);
    return check.legacyEntries > 0 ? `${intact} ${tn("audit.legacy", check.legacyEntries)}` : intact;
  }
  const next = check.firstBroken ?? 1;
  switch (problem.kind) {
    case "rewritten":
      return t("audit.problem.rewritten", { seq: problem.seq });
    case "deleted":
      return problem.afterSeq === 0
        ? t("audit.problem.deletedFirst", { next })
        : t("audit.problem.deleted", { after: problem.afterSeq, next });
    case "truncated":
      return problem.found === 0
        ? t("audit.problem.emptied", { expected: problem.expected })
        : t("audit.problem.truncated", { expected: problem.expected, found: problem.found });
    case "reordered":
      return t("audit.problem.reordered", { seq: problem.seq });
    case "headMissing":
      return t("audit.problem.headMissing");
    case "headForged":
      return t("audit.problem.headForged");
  }
}

/** The audit trail: every mutating call, keyed and chained; verify and export. */
export function AuditLog() {
  const { t, tn, lang } = useI18n();
  const [filter, setFilter] = useState("");
  const [entries, setEntries] = useState<AuditRow[]>([]);
  const [check, setCheck] = useState<AuditVerification | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const [error, setError] = useState<DeskError | null>(null);

  const load = useCallback((f: string) => {
    api.auditList(f).then(setEntries, (e: unknown) => setError(toDeskError(e)));
  }, []);
  useEffect(() => load(filter), [load, filter]);

  const run = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(toDeskError(e));
    }
  };

  return (
    <section className="card audit" aria-labelledby="audit-title" data-testid="audit-log">
      <h2 id="audit-title">{t("audit.title")}</h2>
      <p className="muted small">{t("audit.help")}</p>
      <div className="toolbar">
        <label className="field field--grow">
          <span className="visually-hidden">{t("audit.filter")}</span>
          <input
            type="search"
            placeholder={t("audit.filter")}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            data-testid="audit-filter"
          />
        </label>
        <button
          type="button"
          className="button button--secondary"
          data-testid="audit-verify"
          onClick={() => run(async () => setCheck(await api.auditVerify()))}
        >
          {t("audit.verify")}
        </button>
        {(["csv", "json"] as const).map((f) => (
          <button
            key={f}
            type="button"
            className="button button--secondary"
            onClick={() => run(async () => setExported(await api.auditExport(f)))}
          >
            {t("audit.export", { format: f.toUpperCase() })}
          </button>
        ))}
      </div>
      {check && (
        <p
          role="status"
          data-testid="audit-check"
          data-problem={check.problem?.kind}
          className={check.problem == null ? "conn conn--ok" : "conn conn--bad"}
        >
          {describeCheck(check, { t, tn })}
        </p>
      )}
      {exported && <p className="muted small">{t("audit.exported", { name: exported })}</p>}
      {error && <ErrorNotice error={error} />}
      {/* Scrolls on its own: focusable so the keyboard can scroll it too (WCAG 2.1.1). */}
      <div className="audit__table" tabIndex={0} role="region" aria-label={t("audit.title")}>
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>{t("audit.when")}</th>
              <th>{t("audit.outcome")}</th>
              <th>{t("env.label")}</th>
              <th>{t("audit.action")}</th>
              <th>{t("audit.customer")}</th>
              <th>Idempotency-Key</th>
            </tr>
          </thead>
          <tbody>
            {entries.map(({ entry: e, environment, result }) => (
              <tr key={e.seq} data-testid="audit-entry" title={e.summary}>
                <td>{e.seq}</td>
                <td>{formatDateTime(e.at, lang)}</td>
                <td>
                  <OutcomeBadge result={result} />
                  {e.overrideReason && <span className="muted small"> · {e.overrideReason}</span>}
                </td>
                <td>{environment ? t(`env.${environment}`) : e.environment}</td>
                <td className="mono">{e.action}</td>
                <td className="mono">{e.customerId?.slice(0, 8) ?? "—"}</td>
                <td className="mono">{e.idempotencyKey?.slice(0, 8) ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {entries.length === 0 && <p className="muted">{t("audit.none")}</p>}
      </div>
    </section>
  );
}

/** How the call ended, in words: done, being sent (its answer follows in a later entry),
 * or what went wrong. */
function OutcomeBadge({ result }: { result: AuditResult }) {
  const { t } = useI18n();
  const tone = result.kind === "ok" ? "success" : result.kind === "sending" ? "info" : "danger";
  const words =
    result.kind === "http"
      ? t("audit.result.http", { status: result.status })
      : result.kind === "refused"
        ? t("audit.result.refused", { reason: t(`error.code.${result.code}` as MessageKey) })
        : result.kind === "other"
          ? result.text
          : t(`audit.result.${result.kind}`);
  return <span className={`badge badge--${tone}`}>{words}</span>;
}
