import { describe, expect, it } from "vitest";
import { fieldOf, shownErrors } from "../src/pages/wizard/shownErrors";

const live = [
  { field: "customer.name", message: "This field is required" },
  { field: "customer.taxId", message: "Not a valid CPF" },
];

describe("shownErrors", () => {
  it("keeps a fresh step quiet", () => {
    expect(shownErrors(live, [], new Set(), false).size).toBe(0);
  });

  it("shows a field's problem once it was touched, and only that one", () => {
    const shown = shownErrors(live, [], new Set(["customer.taxId"]), false);
    expect([...shown.keys()]).toEqual(["customer.taxId"]);
  });

  it("shows every problem once the step's action was tried", () => {
    expect(shownErrors(live, [], new Set(), true).size).toBe(2);
  });

  it("always shows what an action returned, before the live check", () => {
    const shown = shownErrors(live, [{ field: "customer.taxId", message: "Refused by Lumx" }], new Set(), false);
    expect(shown.get("customer.taxId")).toBe("Refused by Lumx");
    expect(shown.has("customer.name")).toBe(false);
  });
});

describe("fieldOf", () => {
  it("finds the field of an input, or of the group a checkbox is in", () => {
    document.body.innerHTML = `<input data-field="customer.name" id="a"><div data-field="additional.jurisdictions"><input type="checkbox" id="b"></div><input id="c">`;
    expect(fieldOf(document.getElementById("a"))).toBe("customer.name");
    expect(fieldOf(document.getElementById("b"))).toBe("additional.jurisdictions");
    expect(fieldOf(document.getElementById("c"))).toBeNull();
    expect(fieldOf(null)).toBeNull();
  });
});
