import type { ReactNode } from "react";
import type { AppInfo } from "../api";
import { EnvironmentBadge } from "../components/EnvironmentBadge";
import { Icon } from "../components/Icon";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { useI18n } from "../i18n";
import type { MessageKey } from "../i18n/en";
import { ROUTES, routeHref, type Route } from "./route";

const NAV_LABEL: Record<Route, MessageKey> = {
  customers: "nav.customers",
  onboarding: "nav.onboarding",
  rfis: "nav.rfis",
  settings: "nav.settings",
};


export function Shell({
  info,
  route,
  counts,
  children,
}: {
  info: AppInfo;
  route: Route;
  /** Items waiting per section, shown next to its name. */
  counts?: Partial<Record<Route, number | null>>;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const production = info.environment === "production";
  return (
    <div className={`shell${production ? " shell--production" : ""}`}>
      {production && (
        <div className="production-banner" role="status">
          {t("env.production.banner")}
        </div>
      )}
      <header className="topbar">
        <div className="brand">
          <span className="brand__mark" aria-hidden="true">L</span>
          <span className="brand__name">{t("app.name")}</span>
        </div>
        <div className="topbar__right">
          <EnvironmentBadge environment={info.environment} />
          <LanguageSwitch />
        </div>
      </header>
      <nav className="sidebar" aria-label={t("nav.label")}>
        <ul>
          {ROUTES.map((r) => (
            <li key={r}>
              <a
                href={routeHref(r)}
                data-testid={`nav-${r}`}
                className="sidebar__link"
                aria-current={r === route ? "page" : undefined}
              >
                <Icon name={r} />
                {t(NAV_LABEL[r])}
                {counts?.[r] ? (
                  <span className="nav-count" data-testid={`nav-count-${r}`}>
                    {counts[r]}
                  </span>
                ) : null}
              </a>
            </li>
          ))}
        </ul>
        <p className="sidebar__footer muted" data-testid="sidebar-version">
          {t("app.version", { version: info.version })}
        </p>
      </nav>
      <main className="content" id="main" data-route={route}>
        {children}
      </main>
    </div>
  );
}
