import { useI18n } from "../i18n";
import type { MessageKey } from "../i18n/en";

const KNOWN: Record<string, { key: MessageKey; tone: string }> = {
  NOT_STARTED: { key: "status.NOT_STARTED", tone: "neutral" },
  UNDER_VERIFICATION: { key: "status.UNDER_VERIFICATION", tone: "info" },
  APPROVED: { key: "status.APPROVED", tone: "success" },
  RFI: { key: "status.RFI", tone: "warning" },
  FINAL_REJECTION: { key: "status.FINAL_REJECTION", tone: "danger" },
  PROVISIONING: { key: "status.PROVISIONING", tone: "info" },
  ACTIVE: { key: "status.ACTIVE", tone: "success" },
  CLOSED: { key: "status.CLOSED", tone: "neutral" },
  NOT_SENT: { key: "status.NOT_SENT", tone: "neutral" },
  SENT: { key: "status.SENT", tone: "info" },
  DECLINED: { key: "status.DECLINED", tone: "danger" },
};

/** A status as text on a tinted pill: colour reinforces, the words carry the meaning.
 * Unknown statuses from a newer API show as they came. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  const known = KNOWN[status.toUpperCase()];
  return (
    <span className={`badge badge--${known?.tone ?? "neutral"}`} data-status={status}>
      {known ? t(known.key) : status}
    </span>
  );
}
