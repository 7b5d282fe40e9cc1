import { useEffect, useState } from "react";
import { api, type RfiInbox } from "../api";

const EVERY_MS = 5 * 60_000;

const listeners = new Set<(count: number) => void>();

/** What waits on the analyst in an inbox: customers, accounts and transactions. */
export function countOf(inbox: RfiInbox): number {
  return inbox.customers.length + inbox.accounts.length + inbox.transactions.length;
}

/** Every inbox read anywhere (the RFIs page, a refresh) updates the navigation at once,
 * so the count never disagrees with the inbox the analyst just saw. */
export function inboxSeen(inbox: RfiInbox) {
  const count = countOf(inbox);
  for (const listener of listeners) listener(count);
}

/** Something changed what waits (an RFI submitted, a transaction RFI recorded). */
export function refreshRfiCount() {
  api.rfiInbox().then(inboxSeen, () => undefined);
}

/** How many RFIs wait on the analyst, refreshed every five minutes, after an environment
 * switch, and whenever an inbox is read. */
export function useRfiCount(generation: number): number | null {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    const listener = (n: number) => live && setCount(n);
    listeners.add(listener);
    // After the directory's own first load has started.
    const first = setTimeout(refreshRfiCount, 3000);
    const timer = setInterval(refreshRfiCount, EVERY_MS);
    return () => {
      live = false;
      listeners.delete(listener);
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [generation]);
  return count;
}
