import { useCallback, useEffect, useState } from "react";
import { api, toDeskError, type AppInfo, type CustomerKind, type DeskError, type DraftSummary } from "../api";
import { navigate } from "../app/route";
import { useConfirmation } from "../components/ConfirmDialog";
import { EmptyState } from "../components/EmptyState";
import { ErrorNotice } from "../components/ErrorNotice";
import { formatDateTime } from "../components/format";
import { ENVIRONMENT_LABEL } from "../components/EnvironmentBadge";
import { useI18n } from "../i18n";
import type { MessageKey } from "../i18n/en";
import { Wizard } from "./wizard/Wizard";

export function OnboardingPage({ draftId, info }: { draftId: string | null; info: AppInfo }) {
  if (draftId) return <Wizard key={draftId} draftId={draftId} />;
  return <Drafts info={info} />;
}

function Drafts({ info }: { info: AppInfo }) {
  const { t, lang } = useI18n();
  const [drafts, setDrafts] = useState<DraftSummary[] | null>(null);
  const [error, setError] = useState<DeskError | null>(null);
  const [confirm, confirmElement] = useConfirmation();

  const load = useCallback(() => {
    api.drafts().then(setDrafts, (e: unknown) => setError(toDeskError(e)));
  }, []);
  useEffect(load, [load]);

  const start = async (kind: CustomerKind) => {
    try {
      const state = await api.newDraft(kind);
      navigate(`#/onboarding/${state.draft.id}`);
    } catch (e) {
      setError(toDeskError(e));
    }
  };

  return (
    <>
      {confirmElement}
      <h1 className="page-title">{t("onboarding.title")}</h1>
      <div className="actions start-buttons">
        <button type="button" className="button" data-testid="new-individual" onClick={() => start("INDIVIDUAL")}>
          + {t("onboarding.newIndividual")}
        </button>
        <button type="button" className="button" data-testid="new-business" onClick={() => start("BUSINESS")}>
          + {t("onboarding.newBusiness")}
        </button>
      </div>
      {error && <ErrorNotice error={error} onRetry={load} />}
      {drafts && drafts.length === 0 && (
        <EmptyState icon="onboarding" title={t("onboarding.empty.title")} body={t("onboarding.empty.body")} />
      )}
      {drafts && drafts.length > 0 && (
        <section className="card" aria-labelledby="drafts-title">
          <h2 id="drafts-title">{t("onboarding.drafts")}</h2>
          <ul className="checklist" data-testid="drafts">
            {drafts.map((d) => (
              <li key={d.id} data-testid="draft-row" data-draft-id={d.id}>
                <span>
                  <strong>{d.displayName || t("wizard.party.unnamed")}</strong>{" "}
                  <span className="muted">
                    {t(`customerType.${d.kind}`)} ·{" "}
                    {t(`wizard.step.${d.step}` as MessageKey)} · {t(ENVIRONMENT_LABEL[d.environment])} ·{" "}
                    {formatDateTime(d.updatedAt, lang)}
                  </span>
                </span>
                <span className="actions">
                  <button
                    type="button"
                    className="button"
                    disabled={d.environment !== info.environment}
                    title={d.environment !== info.environment ? t("onboarding.otherEnvironment") : undefined}
                    data-testid="draft-resume"
                    onClick={() => navigate(`#/onboarding/${d.id}`)}
                  >
                    {t("onboarding.resume")}
                  </button>
                  <button
                    type="button"
                    className="button button--secondary"
                    data-testid="draft-delete"
                    onClick={async () => {
                      const sure = await confirm({
                        title: t("onboarding.delete.title"),
                        body: t("onboarding.delete.body", { name: d.displayName || t("wizard.party.unnamed") }),
                        ok: t("onboarding.delete"),
                      });
                      if (!sure) return;
                      await api.deleteDraft(d.id).catch((e: unknown) => setError(toDeskError(e)));
                      load();
                    }}
                  >
                    {t("onboarding.delete")}
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
