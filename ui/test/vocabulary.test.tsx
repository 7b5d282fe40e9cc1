// The UI holds no list of the API's values: what Rust sends is what the screens offer.
// Each test adds a value Rust could add tomorrow (and the catalogues have no words for)
// and checks it is shown sensibly, with no UI change.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import type { ReactNode } from "react";
import type { CustomerView, DraftView, PartyFormDef, Vocabulary } from "../src/api";
import { VocabularyProvider } from "../src/app/vocabulary";
import { StatusBadge } from "../src/components/StatusBadge";
import { I18nProvider } from "../src/i18n";
import { ManualUpload } from "../src/pages/customer/ManualUpload";
import { PartiesStep } from "../src/pages/wizard/PartiesStep";
import { partyForm, vocabulary } from "./rustData";

function Screen({ lang = "en", vocab = vocabulary, children }: { lang?: "en" | "pt-BR"; vocab?: Vocabulary; children: ReactNode }) {
  return (
    <I18nProvider initial={lang}>
      <VocabularyProvider vocabulary={vocab}>{children}</VocabularyProvider>
    </I18nProvider>
  );
}

/** The parties step on its own; returns the drafts its edits produce. */
function renderParties(draft: DraftView, form: PartyFormDef): DraftView[] {
  const edits: DraftView[] = [];
  render(
    <Screen>
      <PartiesStep
        draft={draft}
        form={form}
        awaiting={[]}
        errors={new Map()}
        countries={[]}
        onEdit={(change) => edits.push(change(draft))}
        actions={{ run: async () => undefined, busy: false }}
      />
    </Screen>,
  );
  return edits;
}

describe("vocabularies come from Rust", () => {
  afterEach(cleanup);

  it("shows a known status in words with Rust's tone, in both languages", () => {
    render(
      <Screen lang="pt-BR">
        <StatusBadge status="FINAL_REJECTION" />
      </Screen>,
    );
    const badge = screen.getByText("Rejeição final");
    expect(badge.className).toContain("badge--danger");
  });

  it("shows a status Rust added and the catalogue has no words for, with its tone", () => {
    const extended = { ...vocabulary, statuses: [...vocabulary.statuses, { value: "ON_HOLD", tone: "warning" as const }] };
    render(
      <Screen vocab={extended}>
        <StatusBadge status="ON_HOLD" />
        <StatusBadge status="SOMETHING_ELSE" />
      </Screen>,
    );
    expect(screen.getByText("On hold").className).toContain("badge--warning");
    // Not even Rust knows it: as it came, in plain case, neutral.
    expect(screen.getByText("Something else").className).toContain("badge--neutral");
  });

  it("offers a document type Rust added, with its side when it has one", () => {
    const extended = {
      ...vocabulary,
      documentTypes: [...vocabulary.documentTypes, { value: "RESIDENCE_PERMIT", sided: true }],
    };
    const view = { id: "c1", country: "BRA", parties: [], confirmation: null } as unknown as CustomerView;
    render(
      <Screen vocab={extended}>
        <ManualUpload view={view} onUploaded={() => undefined} />
      </Screen>,
    );
    const type = document.querySelector<HTMLSelectElement>('[data-field="documentType"]')!;
    const options = [...type.options].map((o) => o.textContent);
    expect(options).toHaveLength(extended.documentTypes.length);
    expect(options).toContain("Residence permit");
    expect(document.querySelector('[data-field="side"]')).toBeNull();
    fireEvent.change(type, { target: { value: "RESIDENCE_PERMIT" } });
    const side = document.querySelector<HTMLSelectElement>('[data-field="side"]')!;
    expect([...side.options].map((o) => o.value)).toEqual(vocabulary.documentSides);
  });

  it("builds parties from Rust's form: a business only holds shares, a new type brings its roles", () => {
    const form = {
      ...partyForm,
      kinds: [...partyForm.kinds, { partyType: "TRUST", roles: ["SETTLOR"], nameField: "legalName", fields: [] }],
    };
    const party = { ...form.template, localId: "p1", address: { ...form.template.address } };
    const draft = { id: "d1", kind: "BUSINESS", customerId: "c1", parties: [party] } as unknown as DraftView;
    const edits = renderParties(draft, form);
    const step = screen.getByTestId("party-0");
    const type = step.querySelector<HTMLSelectElement>('[data-field="parties[0].partyType"]')!;
    expect([...type.options].map((o) => o.textContent)).toEqual(["Person", "Company", "Trust"]);
    const roles = step.querySelector<HTMLSelectElement>('[data-field="parties[0].role"]')!;
    expect([...roles.options].map((o) => o.value)).toEqual(["REPRESENTATIVE", "UBO", "SHAREHOLDER"]);
    // The individual's fields are Rust's, labelled from the catalogue.
    expect(within(step).getByLabelText(/Identity document/)).toBeTruthy();

    fireEvent.change(type, { target: { value: "BUSINESS" } });
    expect(edits.at(-1)!.parties[0]).toMatchObject({ partyType: "BUSINESS", role: "SHAREHOLDER" });
    fireEvent.change(type, { target: { value: "TRUST" } });
    expect(edits.at(-1)!.parties[0]).toMatchObject({ partyType: "TRUST", role: "SETTLOR" });
  });

  it("adds a party from Rust's template with an id of its own", () => {
    const draft = { id: "d1", kind: "BUSINESS", customerId: null, parties: [] } as unknown as DraftView;
    const edits = renderParties(draft, partyForm);
    fireEvent.click(screen.getByTestId("add-party"));
    const added = edits.at(-1)!.parties[0]!;
    expect(added).toMatchObject({ ...partyForm.template, localId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });
});
