// The shell against a mocked IPC layer (@tauri-apps/api/mocks): the real Rust side is
// covered by tests/ipc.rs and the WebDriver E2E; here we check what the UI does with it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { App } from "../src/app/App";
import { ErrorNotice } from "../src/components/ErrorNotice";
import { I18nProvider } from "../src/i18n";

function mockAppInfo(overrides: Record<string, unknown> = {}) {
  mockIPC((cmd) => {
    if (cmd === "app_info") {
      return { version: "9.8.7", environment: "localSandbox", osLanguage: "en", ...overrides };
    }
    throw new Error(`unexpected command ${cmd}`);
  });
}

describe("App shell", () => {
  beforeEach(() => {
    localStorage.clear();
    window.location.hash = "";
  });
  afterEach(() => {
    cleanup();
    clearMocks();
  });

  it("shows the version and environment returned by app_info", async () => {
    mockAppInfo();
    render(<App />);
    expect(await screen.findByTestId("sidebar-version")).toHaveProperty("textContent", "Version 9.8.7");
    expect(screen.getByTestId("environment-badge").textContent).toContain("Local sandbox");
  });

  it("starts in pt-BR when the OS language is Portuguese, and remembers a switch", async () => {
    mockAppInfo({ osLanguage: "pt-BR" });
    render(<App />);
    expect((await screen.findByTestId("nav-customers")).textContent).toContain("Clientes");
    fireEvent.click(screen.getByTestId("language-en"));
    expect(screen.getByTestId("nav-customers").textContent).toContain("Customers");
    expect(localStorage.getItem("lumx-desk.language")).toBe("en");
  });

  it("marks Production unmistakably", async () => {
    mockAppInfo({ environment: "production" });
    render(<App />);
    expect((await screen.findByRole("status")).textContent).toMatch(/PRODUCTION/);
    expect(screen.getByTestId("environment-badge").textContent).toContain("Production");
  });

  it("routes by hash", async () => {
    mockAppInfo();
    render(<App />);
    await screen.findByTestId("nav-settings");
    await act(async () => {
      window.location.hash = "#/settings";
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    });
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Settings");
    expect(screen.getByTestId("nav-settings").getAttribute("aria-current")).toBe("page");
  });

  it("shows a typed error with a retry when app_info fails", async () => {
    let calls = 0;
    mockIPC(() => {
      calls += 1;
      if (calls === 1) throw { code: "internal", message: "state not ready" };
      return { version: "1.0.0", environment: "localSandbox", osLanguage: "en" };
    });
    render(<App />);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("state not ready");
    fireEvent.click(screen.getByText("Try again"));
    expect(await screen.findByTestId("sidebar-version")).toHaveProperty("textContent", "Version 1.0.0");
  });
});

describe("ErrorNotice", () => {
  afterEach(cleanup);

  it("lists field errors next to the message", () => {
    render(
      <I18nProvider initial="en">
        <ErrorNotice
          error={{ code: "validation", message: "Fix the form", fields: [{ field: "taxId", message: "Invalid CPF" }] }}
        />
      </I18nProvider>,
    );
    const alert = screen.getByRole("alert");
    expect(alert.getAttribute("data-error-code")).toBe("validation");
    expect(alert.textContent).toContain("taxId");
    expect(alert.textContent).toContain("Invalid CPF");
  });
});
