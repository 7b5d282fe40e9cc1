import { describe, expect, it } from "vitest";
import { parseRoute, routeHref } from "../src/app/route";

describe("hash routes", () => {
  it("parses known routes, with or without a slash and query", () => {
    expect(parseRoute("#/settings")).toBe("settings");
    expect(parseRoute("#rfis")).toBe("rfis");
    expect(parseRoute("#/onboarding/step-2?x=1")).toBe("onboarding");
  });

  it("falls back to customers for empty or unknown hashes", () => {
    expect(parseRoute("")).toBe("customers");
    expect(parseRoute("#/nope")).toBe("customers");
  });

  it("builds hrefs that parse back", () => {
    expect(parseRoute(routeHref("rfis"))).toBe("rfis");
  });
});
