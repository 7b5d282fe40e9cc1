import { useCallback, useEffect, useState } from "react";
import { api, toDeskError, type AppInfo, type DeskError } from "../api";
import { ErrorNotice } from "../components/ErrorNotice";
import { I18nProvider, storedLanguage, translate } from "../i18n";
import { VocabularyProvider } from "./vocabulary";
import { CustomerPage } from "../pages/CustomerPage";
import { CustomersPage } from "../pages/CustomersPage";
import { OnboardingPage } from "../pages/OnboardingPage";
import { RfiCustomerPage } from "../pages/rfi/RfiCustomerPage";
import { RfisPage } from "../pages/RfisPage";
import { SettingsPage } from "../pages/SettingsPage";
import { useDirectoryLoader, type DirectoryState } from "./directory";
import { useRfiCount } from "./rfiCount";
import { Shell } from "./Shell";
import { useLocation, type Location } from "./route";

function Page({
  location,
  info,
  directory,
  onEnvironmentChanged,
}: {
  location: Location;
  info: AppInfo;
  directory: DirectoryState;
  onEnvironmentChanged: () => void;
}) {
  switch (location.route) {
    case "customers":
      return location.customerId ? (
        <CustomerPage key={location.customerId} id={location.customerId} />
      ) : (
        <CustomersPage directory={directory} />
      );
    case "onboarding":
      return <OnboardingPage draftId={location.draftId} info={info} />;
    case "rfis":
      return location.rfiCustomerId ? (
        <RfiCustomerPage key={location.rfiCustomerId} customerId={location.rfiCustomerId} />
      ) : (
        <RfisPage />
      );
    case "settings":
      return <SettingsPage info={info} onEnvironmentChanged={onEnvironmentChanged} />;
  }
}

export function App() {
  const location = useLocation();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<DeskError | null>(null);
  // Bumped on an environment switch: reloads the directory of the new environment.
  const [generation, setGeneration] = useState(0);
  const directory = useDirectoryLoader(generation);
  const rfiCount = useRfiCount(generation);

  const load = useCallback(() => {
    api.appInfo().then(setInfo, (e: unknown) => setError(toDeskError(e)));
  }, []);
  useEffect(load, [load]);
  const retry = () => {
    setError(null);
    load();
  };
  const onEnvironmentChanged = () => {
    load();
    setGeneration((g) => g + 1);
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
      <VocabularyProvider vocabulary={info.vocabulary}>
        <Shell info={info} route={location.route} counts={{ rfis: rfiCount }}>
          <Page location={location} info={info} directory={directory} onEnvironmentChanged={onEnvironmentChanged} />
        </Shell>
      </VocabularyProvider>
    </I18nProvider>
  );
}
