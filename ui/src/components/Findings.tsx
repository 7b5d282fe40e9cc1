import type { Finding } from "../api";
import { useI18n } from "../i18n";

/** What Rust's document checks found on a picked file, most important first: what is
 * wrong, why a reviewer rejects it, the tip, and the labels it prevents. */
export function Findings({ findings }: { findings: Finding[] }) {
  const { t } = useI18n();
  if (findings.length === 0) return null;
  return (
    <ul className="findings" data-testid="findings" aria-label={t("findings.title")}>
      {findings.map((f) => (
        <li
          key={f.check}
          className={`finding${f.blocking ? " finding--blocking" : ""}`}
          data-testid="finding"
          data-check={f.check}
          data-blocking={f.blocking}
        >
          <strong>{f.title}.</strong> {f.why}{" "}
          <span className="finding__tip">
            {t("findings.tip")} {f.tip}
          </span>{" "}
          <span className="finding__prevents muted small">
            {t("findings.prevents", { labels: f.prevents.join(", ") })}
          </span>
        </li>
      ))}
    </ul>
  );
}
