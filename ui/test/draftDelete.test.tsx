// Deleting a draft asks first; Cancel leaves it (the scripted backend records calls).
import { afterEach, describe, expect, it } from "vitest";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { clearMocks } from "@tauri-apps/api/mocks";
import { App } from "../src/app/App";
import { installFakeBackend } from "./fakeBackend";

const draft = {
  id: "d1",
  kind: "INDIVIDUAL",
  environment: "localSandbox",
  displayName: "Ana Souza",
  step: "customer",
  customerId: null,
  updatedAt: "2026-12-01T10:00:00Z",
};

describe("Drafts list", () => {
  afterEach(() => {
    cleanup();
    clearMocks();
    window.location.hash = "";
  });

  it("deletes a draft only after the analyst confirms", async () => {
    let drafts = [draft];
    const calls = installFakeBackend({
      draft_list: () => drafts,
      draft_delete: () => {
        drafts = [];
        return true;
      },
    });
    window.location.hash = "#/onboarding";
    render(<App />);
    fireEvent.click(await screen.findByTestId("draft-delete"));
    expect((await screen.findByRole("alertdialog")).textContent).toContain("Ana Souza");
    await act(async () => fireEvent.click(screen.getByText("Cancel")));
    expect(calls.some((c) => c.cmd === "draft_delete")).toBe(false);
    expect(screen.getByTestId("draft-row")).toBeTruthy();

    fireEvent.click(screen.getByTestId("draft-delete"));
    await act(async () => fireEvent.click(await screen.findByTestId("confirm-ok")));
    expect(calls.filter((c) => c.cmd === "draft_delete")).toHaveLength(1);
    expect(screen.queryByTestId("draft-row")).toBeNull();
  });
});
