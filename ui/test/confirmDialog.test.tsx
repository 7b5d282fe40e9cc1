// The one typed-confirmation dialog renders what Rust asks for and compares nothing else:
// the accepted texts, exactly as shown (Rust's ConfirmationNeeded, checked again there).
import { afterEach, describe, expect, it } from "vitest";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import type { ConfirmationNeeded } from "../src/api";
import { useTypedConfirmation, type Confirmed } from "../src/components/ConfirmDialog";
import { I18nProvider } from "../src/i18n";

function Harness({ needed, onDone }: { needed: ConfirmationNeeded | null; onDone: (c: Confirmed) => void }) {
  const [confirm, element] = useTypedConfirmation();
  const [asked, setAsked] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setAsked(true);
          void confirm(needed).then(onDone);
        }}
      >
        {asked ? "asked" : "ask"}
      </button>
      {element}
    </>
  );
}

const needed: ConfirmationNeeded = { accepted: ["Padaria Estrela", "PRODUCTION"], customerName: "Padaria Estrela" };

describe("Typed confirmation", () => {
  afterEach(cleanup);

  it("enables OK only for a text Rust accepts, exactly as shown", async () => {
    let done: Confirmed | null = null;
    render(
      <I18nProvider initial="pt-BR">
        <Harness needed={needed} onDone={(c) => (done = c)} />
      </I18nProvider>,
    );
    fireEvent.click(screen.getByText("ask"));
    const accepted = await screen.findByTestId("confirm-accepted");
    expect(accepted.textContent).toContain("Padaria Estrela");
    expect(accepted.textContent).toContain("PRODUCTION");
    const input = screen.getByTestId("confirm-input");
    const ok = screen.getByTestId("confirm-ok") as HTMLButtonElement;
    for (const wrong of ["production", "padaria estrela", "Padaria", ""]) {
      fireEvent.change(input, { target: { value: wrong } });
      expect(ok.disabled, wrong).toBe(true);
    }
    fireEvent.change(input, { target: { value: "  Padaria Estrela " } });
    expect(ok.disabled).toBe(false);
    await act(async () => fireEvent.click(ok));
    expect(done).toEqual({ go: true, confirmation: "  Padaria Estrela " });
  });

  it("goes ahead at once when Rust needs nothing, and not at all when cancelled", async () => {
    const results: Confirmed[] = [];
    const { rerender } = render(
      <I18nProvider initial="en">
        <Harness needed={null} onDone={(c) => results.push(c)} />
      </I18nProvider>,
    );
    await act(async () => fireEvent.click(screen.getByText("ask")));
    expect(results).toEqual([{ go: true, confirmation: null }]);
    expect(screen.queryByTestId("confirm-input")).toBeNull();

    rerender(
      <I18nProvider initial="en">
        <Harness needed={needed} onDone={(c) => results.push(c)} />
      </I18nProvider>,
    );
    fireEvent.click(screen.getByText("asked"));
    await screen.findByTestId("confirm-input");
    await act(async () => fireEvent.click(screen.getByText("Cancel")));
    expect(results[1]).toEqual({ go: false });
  });
});
