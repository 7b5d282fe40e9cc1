import { EmptyState } from "../components/EmptyState";
import { useI18n } from "../i18n";

export function RfisPage() {
  const { t } = useI18n();
  return (
    <>
      <h1 className="page-title">{t("rfis.title")}</h1>
      <EmptyState icon="inbox" title={t("rfis.empty.title")} body={t("rfis.empty.body")} />
    </>
  );
}
