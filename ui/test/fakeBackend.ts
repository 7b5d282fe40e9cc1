// A scripted stand-in for the Rust commands, for UI unit tests only (the real commands
// are exercised by tests/ipc.rs and the WebDriver E2E). Records every call.
import { mockIPC } from "@tauri-apps/api/mocks";
import { vocabulary } from "./rustData";

export interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

const rows = Array.from({ length: 30 }, (_, i) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  customerType: i % 3 === 0 ? "BUSINESS" : "INDIVIDUAL",
  displayName: i === 0 ? "Maria Souza" : `Cliente ${i}`,
  maskedTaxId: "***.***.***-09",
  email: `c${i}@example.com`,
  country: "BRA",
  status: i % 2 ? "RFI" : "APPROVED",
  createdAt: "2026-01-01T10:00:00Z",
  updatedAt: null,
}));

export function installFakeBackend(overrides: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
  const calls: Call[] = [];
  const keys: Record<string, string | null> = { sandbox: null, production: null };
  let environment = "localSandbox";
  const environments = () =>
    ["localSandbox", "sandbox", "production"].map((kind) => ({
      kind,
      current: kind === environment,
      baseUrl: kind === "sandbox" ? "https://api-sandbox.lumx.io" : null,
      key: { environment: kind, isSet: !!keys[kind], lastFour: keys[kind] ? keys[kind]!.slice(-4) : null },
      keyError: null,
      confirmation: kind === "production" ? { accepted: ["PRODUCTION"], customerName: null } : null,
    }));
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    if (overrides[cmd]) return overrides[cmd](args);
    switch (cmd) {
      case "app_info":
        return { version: "9.8.7", environment, osLanguage: "en", vocabulary };
      case "directory_load":
        return { loaded: rows.length, total: rows.length, unreadable: 0, done: true };
      case "directory_query": {
        const q = args.query as { text: string; statuses: string[]; offset: number; limit: number };
        const matching = rows.filter(
          (r) =>
            r.displayName.toLowerCase().includes(q.text.toLowerCase()) &&
            (q.statuses.length === 0 || q.statuses.includes(r.status)),
        );
        return {
          totalMatching: matching.length,
          totalLoaded: rows.length,
          offset: q.offset,
          rows: matching.slice(q.offset, q.offset + q.limit),
          unreadableCount: 0,
          unreadable: [],
        };
      }
      case "environments_list":
        return environments();
      case "environment_set":
        if (args.environment === "production" && args.confirmation !== "PRODUCTION") {
          throw { code: "validation", message: "Type PRODUCTION", fields: [{ field: "confirmation", message: "x" }] };
        }
        environment = args.environment as string;
        return environments();
      case "api_key_set":
        keys[args.environment as string] = args.apiKey as string;
        return { environment: args.environment, isSet: true, lastFour: (args.apiKey as string).slice(-4) };
      case "api_key_delete":
        keys[args.environment as string] = null;
        return { environment: args.environment, isSet: false, lastFour: null };
      default:
        throw { code: "internal", message: `unexpected command ${cmd}` };
    }
  });
  return calls;
}
