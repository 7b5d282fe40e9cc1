// The shell against a scripted IPC layer (@tauri-apps/api/mocks): the real Rust side is
// covered by tests/ipc.rs and the WebDriver E2E; here we check what the UI does with it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { clearMocks } from "@tauri-apps/api/mocks";
import { App } from "../src/app/App";
import { ErrorNotice } from "../src/components/ErrorNotice";
import { AuditLog } from "../src/pages/AuditLog";
import { I18nProvider } from "../src/i18n";
import { installFakeBackend } from "./fakeBackend";
import { vocabulary } from "./rustData";

async function goTo(hash: string) {
  await act(async () => {
    window.location.hash = hash;
    window.dispatchEvent(new HashChangeEvent("hashchange"));
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
    installFakeBackend();
    render(<App />);
    expect(await screen.findByTestId("sidebar-version")).toHaveProperty("textContent", "Version 9.8.7");
    expect(screen.getByTestId("environment-badge").textContent).toContain("Local sandbox");
  });

  it("starts in pt-BR when the OS language is Portuguese, and remembers a switch", async () => {
    installFakeBackend({ app_info: () => ({ version: "1", environment: "localSandbox", osLanguage: "pt-BR", vocabulary }) });
    render(<App />);
    expect((await screen.findByTestId("nav-customers")).textContent).toContain("Clientes");
    fireEvent.click(screen.getByTestId("language-en"));
    expect(screen.getByTestId("nav-customers").textContent).toContain("Customers");
    expect(localStorage.getItem("lumx-desk.language")).toBe("en");
  });

  it("marks Production unmistakably", async () => {
    installFakeBackend({ app_info: () => ({ version: "1", environment: "production", osLanguage: "en", vocabulary }) });
    render(<App />);
    expect((await screen.findByText(/PRODUCTION — every action/)).getAttribute("role")).toBe("status");
    expect(screen.getByTestId("environment-badge").textContent).toContain("Production");
  });

  it("routes by hash", async () => {
    installFakeBackend();
    render(<App />);
    await screen.findByTestId("nav-settings");
    await goTo("#/settings");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Settings");
    expect(screen.getByTestId("nav-settings").getAttribute("aria-current")).toBe("page");
  });

  it("shows a typed error with a retry when app_info fails", async () => {
    let calls = 0;
    installFakeBackend({
      app_info: () => {
        calls += 1;
        if (calls === 1) throw { code: "internal", message: "state not ready" };
        return { version: "1.0.0", environment: "localSandbox", osLanguage: "en", vocabulary };
      },
    });
    render(<App />);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("state not ready");
    fireEvent.click(screen.getByText("Try again"));
    expect(await screen.findByTestId("sidebar-version")).toHaveProperty("textContent", "Version 1.0.0");
  });
});

describe("Customer directory", () => {
  afterEach(() => {
    cleanup();
    clearMocks();
  });

  it("loads the directory and renders the rows Rust returns for the query", async () => {
    const calls = installFakeBackend();
    render(<App />);
    await waitFor(() => expect(screen.getAllByTestId("customer-row").length).toBeGreaterThan(5));
    expect(calls.some((c) => c.cmd === "directory_load")).toBe(true);
    expect((await screen.findByTestId("directory-count")).textContent).toBe("30 shown of 30 customers");

    fireEvent.change(screen.getByTestId("directory-search"), { target: { value: "maria" } });
    await waitFor(() => expect(screen.getAllByTestId("customer-row")).toHaveLength(1));
    const last = calls.filter((c) => c.cmd === "directory_query").at(-1)!;
    expect((last.args.query as { text: string }).text).toBe("maria");
    expect(screen.getByTestId("directory-list").getAttribute("data-rendered-query")).toBe("maria");
  });

  it("sends the selected statuses and shows status as text", async () => {
    const calls = installFakeBackend();
    render(<App />);
    await waitFor(() => expect(screen.getAllByTestId("customer-row").length).toBeGreaterThan(5));
    fireEvent.click(screen.getByTestId("filter-status-RFI"));
    await waitFor(() => {
      const q = calls.filter((c) => c.cmd === "directory_query").at(-1)!.args.query as { statuses: string[] };
      expect(q.statuses).toEqual(["RFI"]);
    });
    await waitFor(() => {
      const badges = screen.getAllByTestId("customer-row").map((r) => r.querySelector("[data-status]")!.textContent);
      expect(new Set(badges)).toEqual(new Set(["RFI"]));
    });
  });
});

describe("Settings", () => {
  beforeEach(() => {
    window.location.hash = "#/settings";
  });
  afterEach(() => {
    cleanup();
    clearMocks();
  });

  it("saves a key write-only: the input is cleared and only the last four show", async () => {
    const calls = installFakeBackend();
    render(<App />);
    const input = (await screen.findByTestId("key-input-sandbox")) as HTMLInputElement;
    expect(input.type).toBe("password");
    fireEvent.change(input, { target: { value: "lumx_sk_test_0123456789WXYZ" } });
    fireEvent.click(screen.getAllByText("Save to keychain")[0]!);
    await waitFor(() => expect(screen.getByTestId("key-status-sandbox").textContent).toContain("ends in WXYZ"));
    expect((screen.getByTestId("key-input-sandbox") as HTMLInputElement).value).toBe("");
    expect(calls.find((c) => c.cmd === "api_key_set")!.args).toEqual({
      environment: "sandbox",
      apiKey: "lumx_sk_test_0123456789WXYZ",
    });
  });

  it("switching to Production waits for PRODUCTION to be typed", async () => {
    const calls = installFakeBackend();
    render(<App />);
    fireEvent.click(await screen.findByTestId("use-production"));
    const ok = await screen.findByTestId("confirm-ok");
    expect((ok as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId("confirm-input"), { target: { value: "production?" } });
    expect((ok as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId("confirm-input"), { target: { value: "PRODUCTION" } });
    fireEvent.click(ok);
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "environment_set")?.args).toEqual({
        environment: "production",
        confirmation: "PRODUCTION",
      }),
    );
    expect(await screen.findByText(/PRODUCTION — every action/)).toBeTruthy();
  });
});

describe("ErrorNotice", () => {
  afterEach(cleanup);

  it("says what to fix in words, never a raw field path", () => {
    render(
      <I18nProvider initial="en">
        <ErrorNotice
          error={{ code: "validation", message: "Fix the form", fields: [{ field: "taxId", message: "Invalid CPF" }] }}
        />
      </I18nProvider>,
    );
    const alert = screen.getByRole("alert");
    expect(alert.getAttribute("data-error-code")).toBe("validation");
    expect(alert.textContent).not.toContain("taxId");
    expect(alert.textContent).toContain("Invalid CPF");
  });
});

describe("AuditLog verification", () => {
  afterEach(() => {
    cleanup();
    clearMocks();
  });

  async function verify(lang: "en" | "pt-BR", result: unknown) {
    installFakeBackend({ audit_list: () => [], audit_verify: () => result });
    render(
      <I18nProvider initial={lang}>
        <AuditLog />
      </I18nProvider>,
    );
    fireEvent.click(await screen.findByTestId("audit-verify"));
    const check = await screen.findByTestId("audit-check");
    const seen = { text: check.textContent ?? "", className: check.className, kind: check.getAttribute("data-problem") };
    cleanup();
    clearMocks();
    return seen;
  }

  const broken = (entries: number, firstBroken: number, problem: object) => ({
    entries,
    firstBroken,
    problem,
    legacyEntries: 0,
  });

  it("names each problem in English and in Portuguese", async () => {
    const cases: [object, string, string][] = [
      [
        broken(3, 4, { kind: "truncated", expected: 5, found: 3 }),
        "The last entries were deleted: the log should have 5 entries and has 3.",
        "Os últimos registros foram excluídos: deveria haver 5 registros e há 3.",
      ],
      [
        broken(0, 1, { kind: "truncated", expected: 5, found: 0 }),
        "Every entry was deleted: the log should have 5.",
        "Todos os registros foram excluídos: deveria haver 5.",
      ],
      [
        broken(4, 5, { kind: "deleted", afterSeq: 2 }),
        "Entries were deleted: after #2 the next one left is #5.",
        "Registros foram excluídos: depois do #2, o próximo que restou é o #5.",
      ],
      [
        broken(2, 3, { kind: "deleted", afterSeq: 0 }),
        "Entries were deleted: the log now starts at #3.",
        "Registros foram excluídos: a cadeia agora começa no #3.",
      ],
      [
        broken(4, 2, { kind: "reordered", seq: 2 }),
        "The log was reordered: entry #2 is out of place.",
        "A ordem foi alterada: o registro #2 está fora do lugar.",
      ],
    ];
    for (const [result, en, pt] of cases) {
      const seen = await verify("en", result);
      expect(seen.text).toBe(en);
      expect(seen.className).toContain("conn--bad");
      expect((await verify("pt-BR", result)).text).toBe(pt);
    }
    expect((await verify("pt-BR", broken(7, 1, { kind: "rewritten", seq: 1 }))).text).toMatch(
      /^O arquivo foi editado: o registro #1 /,
    );
    expect((await verify("en", broken(7, 8, { kind: "headForged" }))).kind).toBe("headForged");
  });

  it("says an intact chain is intact, and how many entries predate the keyed chain", async () => {
    const ok = await verify("en", { entries: 7, firstBroken: null, problem: null, legacyEntries: 2 });
    expect(ok.text).toMatch(/^Chain intact: 7 entries\. The first 2 were written by an earlier version/);
    expect(ok.className).toContain("conn--ok");
    expect((await verify("en", { entries: 7, firstBroken: null, problem: null, legacyEntries: 0 })).text).toBe(
      "Chain intact: 7 entries.",
    );
  });
});
