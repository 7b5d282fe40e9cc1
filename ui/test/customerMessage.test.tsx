// The message for the end customer lists what is still open, with the most specific tip
// of Rust's label dictionary, and never repeats the reviewer's comment.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import type { LabelExplanation, RfiView } from "../src/api";
import { I18nProvider } from "../src/i18n";
import { CustomerMessage } from "../src/pages/rfi/CustomerMessage";

const explained = (label: string, tip: string, known = true): LabelExplanation => ({
  label,
  code: known ? label : null,
  category: known ? "image" : "unknown",
  kind: known ? "resubmission" : null,
  explanation: `${label} explained`,
  tip,
  preventedBy: [],
});

const item = (id: string, documentType: string, side: string | null, labels: LabelExplanation[]) => ({
  id,
  kind: "document" as const,
  documentType,
  side,
  status: "DECLINED",
  comment: "Reviewer's private words",
  labels: labels.map((l) => l.label),
  subLabels: [],
  explained: labels,
});

const view = {
  checklist: {
    onlyParties: false,
    groups: [
      {
        partyId: null,
        ownerName: "Paula",
        labels: ["DOCUMENT_QUALITY"],
        subLabels: [],
        explained: [explained("DOCUMENT_QUALITY", "General quality tip.")],
        items: [
          item("customer:PROOF_OF_ADDRESS", "PROOF_OF_ADDRESS", null, [explained("DOCUMENT_BLURRY", "Hold the camera steady.")]),
          item("customer:ID_CARD:BACK_SIDE", "ID_CARD", "BACK_SIDE", []),
          item("customer:SELFIE", "SELFIE", null, []),
        ],
      },
      {
        partyId: "p1",
        ownerName: "Rita Representante",
        labels: [],
        subLabels: [],
        explained: [],
        items: [item("party:p1:PASSPORT", "PASSPORT", "FRONT_SIDE", [explained("SOMETHING_NEW", "Unknown tip.", false)])],
      },
    ],
  },
  done: [{ itemId: "customer:SELFIE", what: "selfie.png", sha256: null, at: "2026-12-01T00:00:00Z" }],
} as unknown as RfiView;

afterEach(cleanup);

describe("the message for the customer", () => {
  it("lists the open items with their most specific tip, not the reviewer's comment", () => {
    render(
      <I18nProvider initial="en">
        <CustomerMessage view={view} title={(i) => `${i.documentType}${i.side ? ` ${i.side}` : ""}`} />
      </I18nProvider>,
    );
    const text = (screen.getByTestId("customer-message-text") as HTMLTextAreaElement).value;
    expect(text).toContain("• PROOF_OF_ADDRESS: Hold the camera steady.");
    // No tip of its own: the group's.
    expect(text).toContain("• ID_CARD BACK_SIDE: General quality tip.");
    // A party's item names the party; an unknown label gets the generic tip.
    expect(text).toContain("• PASSPORT FRONT_SIDE (Rita Representante): a new, complete and legible copy of the original.");
    expect(text).not.toContain("SELFIE");
    expect(text).not.toContain("Reviewer's private words");
  });

  it("speaks Portuguese", () => {
    render(
      <I18nProvider initial="pt-BR">
        <CustomerMessage view={view} title={(i) => i.id} />
      </I18nProvider>,
    );
    const text = (screen.getByTestId("customer-message-text") as HTMLTextAreaElement).value;
    expect(text).toMatch(/^Olá! Para concluir a sua verificação/);
    expect(text).toContain("uma nova cópia do original");
  });
});
