import { EmptyState } from "../components/EmptyState";
import { useI18n } from "../i18n";

export function CustomersPage() {
  const { t } = useI18n();
  return (
    <>
      <h1 className="page-title">{t("customers.title")}</h1>
      <EmptyState icon="customers" title={t("customers.empty.title")} body={t("customers.empty.body")} />
    </>
  );
}
