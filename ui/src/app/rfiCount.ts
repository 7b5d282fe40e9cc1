import { useEffect, useState } from "react";
import { api } from "../api";

const EVERY_MS = 5 * 60_000;

/** How many RFIs wait on the analyst (customers, accounts, transactions), refreshed
 * every five minutes and after an environment switch. */
export function useRfiCount(generation: number): number | null {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      api.rfiInbox().then(
        (i) => live && setCount(i.customers.length + i.accounts.length + i.transactions.length),
        () => undefined,
      );
    // After the directory's own first load has started.
    const first = setTimeout(load, 3000);
    const timer = setInterval(load, EVERY_MS);
    return () => {
      live = false;
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [generation]);
  return count;
}
