import { useCallback, useEffect, useState } from "react";
import { api, toDeskError, type AppInfo, type DeskError } from "../api";
import { ErrorNotice } from "../components/ErrorNotice";
import { I18nProvider, storedLanguage, translate } from "../i18n";
import { CustomersPage } from "../pages/CustomersPage";
import { OnboardingPage } from "../pages/OnboardingPage";
import { RfisPage } from "../pages/RfisPage";
import { SettingsPage } from "../pages/SettingsPage";
import { Shell } from "./Shell";
import { useRoute, type Route } from "./route";

function Page({ route, info }: { route: Route; info: AppInfo }) {
  switch (route) {
    case "customers":
      return <CustomersPage />;
    case "onboarding":
      return <OnboardingPage />;
    case "rfis":
      return <RfisPage />;
    case "settings":
      return <SettingsPage info={info} />;
  }
}

export function App() {
  const route = useRoute();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<DeskError | null>(null);

  const load = useCallback(() => {
    api.appInfo().then(setInfo, (e: unknown) => setError(toDeskError(e)));
  }, []);
  useEffect(load, [load]);
  const retry = () => {
    setError(null);
    load();
  };

  const fallbackLang = storedLanguage() ?? "en";
  if (!info) {
    return (
      // Distinct keys: the shell mounts a fresh provider once the OS language is known.
      <I18nProvider key="boot" initial={fallbackLang}>
        <div className="boot" aria-live="polite">
          {error ? <ErrorNotice error={error} onRetry={retry} /> : translate(fallbackLang, "app.loading")}
        </div>
      </I18nProvider>
    );
  }
  return (
    <I18nProvider key="ready" initial={storedLanguage() ?? info.osLanguage}>
      <Shell info={info} route={route}>
        <Page route={route} info={info} />
      </Shell>
    </I18nProvider>
  );
}
