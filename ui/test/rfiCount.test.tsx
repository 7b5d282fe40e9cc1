// The navigation's RFI count follows every inbox read, so it never disagrees with the
// inbox on screen (the scripted backend stands in for rfi_inbox).
import { afterEach, describe, expect, it } from "vitest";
import { act, cleanup, renderHook } from "@testing-library/react";
import { clearMocks } from "@tauri-apps/api/mocks";
import type { RfiInbox } from "../src/api";
import { inboxSeen, useRfiCount } from "../src/app/rfiCount";
import { installFakeBackend } from "./fakeBackend";

const inbox = (customers: number, accounts: number, transactions: number) =>
  ({
    customers: Array.from({ length: customers }, (_, i) => ({ id: `c${i}` })),
    accounts: Array.from({ length: accounts }, (_, i) => ({ id: `a${i}` })),
    transactions: Array.from({ length: transactions }, (_, i) => ({ id: `t${i}` })),
  }) as unknown as RfiInbox;

describe("RFI count", () => {
  afterEach(() => {
    cleanup();
    clearMocks();
  });

  it("takes the count of the inbox just read", () => {
    installFakeBackend();
    const { result } = renderHook(() => useRfiCount(0));
    expect(result.current).toBeNull();
    act(() => inboxSeen(inbox(6, 3, 0)));
    expect(result.current).toBe(9);
    act(() => inboxSeen(inbox(5, 3, 1)));
    expect(result.current).toBe(9);
    act(() => inboxSeen(inbox(0, 0, 0)));
    expect(result.current).toBe(0);
  });
});
