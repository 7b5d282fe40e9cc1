import { EmptyState } from "../components/EmptyState";
import { useI18n } from "../i18n";

export function OnboardingPage() {
  const { t } = useI18n();
  return (
    <>
      <h1 className="page-title">{t("onboarding.title")}</h1>
      <EmptyState icon="onboarding" title={t("onboarding.empty.title")} body={t("onboarding.empty.body")} />
    </>
  );
}
