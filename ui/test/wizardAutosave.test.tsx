// The wizard's autosave against a slow scripted backend (@tauri-apps/api/mocks): every edit
// is saved with no delay while earlier saves are still in flight, and none may be lost. The
// backend keeps Rust's rule for a save (only editable parts, on the newest stored draft,
// revision bumped) so answers arrive as they do from `draft_save`; the real command is
// covered by tests/ipc.rs and the WebDriver E2E.
import { afterEach, describe, expect, it } from "vitest";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { DraftView, PartyForm, WizardState } from "../src/api";
import { I18nProvider } from "../src/i18n";
import { Wizard } from "../src/pages/wizard/Wizard";
import { identityDocuments, partyForm } from "./rustData";

function businessOnParties(): DraftView {
  return {
    id: "d1",
    kind: "BUSINESS",
    environment: "localSandbox",
    step: "parties",
    customer: { legalName: "Padaria Estrela Ltda" },
    additional: {},
    identityDocument: "ID_CARD",
    parties: [],
    customerId: "c1",
    additionalSent: null,
    verificationStartedAt: null,
    remoteRequirements: [],
    remoteStatus: null,
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    revision: 1,
  } as unknown as DraftView;
}

/** A backend whose saves take 1–15 ms and may overtake nothing (one in flight at a time is
 * the UI's job); returns the stored draft so the test can compare. */
function slowBackend(seed: number) {
  let stored = businessOnParties();
  let rng = seed;
  const delay = () => {
    rng = (rng * 1103515245 + 12345) % 2 ** 31;
    return 1 + (rng % 15);
  };
  const state = (d: DraftView): WizardState => ({
    draft: d,
    steps: [{ id: "parties", fields: [] }],
    progress: [{ id: "parties", complete: false, missing: [] }],
    errors: [],
    guard: [],
    slots: [],
    readyToStart: false,
    awaiting: { customer: false, additional: false, parties: [] },
    confirmation: null,
    partyForm,
    identityDocuments,
    canAcceptTermsLocally: false,
  });
  const saves: number[] = [];
  mockIPC(async (cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    switch (cmd) {
      case "draft_open":
        return state(structuredClone(stored));
      case "countries":
        return [{ alpha3: "BRA", nameEn: "Brazil", namePt: "Brasil" }];
      case "draft_save": {
        const incoming = structuredClone(args.draft as DraftView);
        await new Promise((r) => setTimeout(r, delay()));
        // Rust's merge_edits: editable parts of the newest draft, sent parties kept.
        stored = {
          ...stored,
          step: incoming.step,
          additional: incoming.additional,
          identityDocument: incoming.identityDocument,
          parties: incoming.parties.map((p: PartyForm) => ({ ...p, remoteId: null })),
          revision: stored.revision + 1,
        };
        saves.push(stored.revision);
        return state(structuredClone(stored));
      }
      default:
        throw { code: "internal", message: `unexpected command ${cmd}` };
    }
  });
  return { stored: () => stored, saves };
}

const field = (path: string) => document.querySelector<HTMLElement>(`[data-field="${path}"]`)!;
/** Lets in-flight saves make progress between edits, as a fast analyst's clicks do. */
const tick = (ms: number) => act(() => new Promise((r) => setTimeout(r, ms)));

describe("Wizard autosave", () => {
  afterEach(() => {
    cleanup();
    clearMocks();
  });

  for (const seed of [1, 7, 42, 1234, 99999]) {
    it(`keeps every single edit made while saves are in flight (seed ${seed})`, async () => {
      const backend = slowBackend(seed);
      render(
        <I18nProvider initial="en">
          <Wizard draftId="d1" />
        </I18nProvider>,
      );
      const add = await screen.findByTestId("add-party");
      for (let i = 0; i < 3; i++) {
        fireEvent.click(add);
        await tick(i);
      }
      await screen.findByTestId("party-2");
      fireEvent.change(field("parties[1].partyType"), { target: { value: "BUSINESS" } });
      await tick(2);
      fireEvent.change(field("parties[1].legalName"), { target: { value: "Holding" } });
      fireEvent.change(field("parties[1].incorporationDate"), { target: { value: "2010-01-01" } });
      await tick(3);
      fireEvent.change(field("parties[1].taxId"), { target: { value: "11.222.333/0001-81" } });
      fireEvent.change(field("parties[0].name"), { target: { value: "Rita" } });
      await tick(1);
      fireEvent.change(field("parties[2].role"), { target: { value: "UBO" } });
      fireEvent.change(field("parties[2].birthDate"), { target: { value: "1985-07-10" } });

      const expectParties = (parties: PartyForm[]) => {
        expect(parties).toHaveLength(3);
        expect(parties[0]!.name).toBe("Rita");
        expect(parties[1]!.partyType).toBe("BUSINESS");
        expect(parties[1]!.legalName).toBe("Holding");
        expect(parties[1]!.incorporationDate).toBe("2010-01-01");
        expect(parties[1]!.taxId).toBe("11.222.333/0001-81");
        expect(parties[2]!.role).toBe("UBO");
        expect(parties[2]!.birthDate).toBe("1985-07-10");
      };
      await waitFor(() => {
        const wizard = screen.getByTestId("wizard");
        expect(wizard.dataset.savedEdits).toBe(wizard.dataset.edits);
      });
      expectParties(backend.stored().parties);
      expect((field("parties[1].incorporationDate") as HTMLInputElement).value).toBe("2010-01-01");
      expect((field("parties[2].role") as HTMLSelectElement).value).toBe("UBO");
      expect(backend.saves.length).toBeGreaterThan(1);
    });
  }
});
