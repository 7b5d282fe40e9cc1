import { useEffect, useState } from "react";

export const ROUTES = ["customers", "onboarding", "rfis", "settings"] as const;
export type Route = (typeof ROUTES)[number];

/** Where the app is: a section, and for `#/customers/<id>` the open customer. */
export interface Location {
  route: Route;
  customerId: string | null;
  draftId: string | null;
  rfiCustomerId: string | null;
}

/** Hash routes (`#/customers/<id>`) survive reloads and need no server: the app is served
 * from Tauri's custom protocol. */
export function parseLocation(hash: string): Location {
  const [name, param] = hash.replace(/^#\/?/, "").split("?")[0]!.split("/");
  const route = (ROUTES as readonly string[]).includes(name ?? "") ? (name as Route) : "customers";
  const customerId = route === "customers" && param ? decodeURIComponent(param) : null;
  const draftId = route === "onboarding" && param ? decodeURIComponent(param) : null;
  const rfiCustomerId = route === "rfis" && param ? decodeURIComponent(param) : null;
  return { route, customerId, draftId, rfiCustomerId };
}

export function parseRoute(hash: string): Route {
  return parseLocation(hash).route;
}

export function routeHref(route: Route): string {
  return `#/${route}`;
}

export function customerHref(id: string): string {
  return `#/customers/${encodeURIComponent(id)}`;
}

export function navigate(href: string) {
  window.location.hash = href;
}

export function useLocation(): Location {
  const [location, setLocation] = useState<Location>(() => parseLocation(window.location.hash));
  useEffect(() => {
    const onChange = () => setLocation(parseLocation(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return location;
}
