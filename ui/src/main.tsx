import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { api } from "./api";
import { App } from "./app/App";
import { setLanguageListener } from "./i18n";
import "./styles/tokens.css";
import "./styles/app.css";

setLanguageListener((lang) => api.setUiLanguage(lang).then(
  () => undefined,
  () => undefined,
));

const root = document.getElementById("root");
if (!root) throw new Error("#root missing from index.html");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
