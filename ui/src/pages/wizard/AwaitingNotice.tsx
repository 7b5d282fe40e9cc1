import { useI18n } from "../../i18n";

/** A step was sent and Lumx's answer never came: its fields stay as sent until it is
 * sent again (Rust keeps them; see `AwaitingAnswer`). */
export function AwaitingNotice() {
  const { t } = useI18n();
  return (
    <p className="notice notice--warning" role="status" data-testid="awaiting-answer">
      {t("wizard.awaiting")}
    </p>
  );
}
