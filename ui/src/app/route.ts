import { useEffect, useState } from "react";

export const ROUTES = ["customers", "onboarding", "rfis", "settings"] as const;
export type Route = (typeof ROUTES)[number];

/** Hash routes (`#/customers`) survive reloads and need no server: the app is served
 * from Tauri's custom protocol. */
export function parseRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, "").split(/[/?]/)[0];
  return (ROUTES as readonly string[]).includes(name ?? "") ? (name as Route) : "customers";
}

export function routeHref(route: Route): string {
  return `#/${route}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
