import { describe, expect, it } from "vitest";
import { pagesRenderedPerRequest } from "./dynamic-pages";

describe("pagesRenderedPerRequest", () => {
  const appPaths = { "/page": "/", "/history/page": "/history", "/auth/confirm/route": "/auth/confirm", "/_not-found/page": "/_not-found" };

  it("none when every page was prerendered (route handlers never render HTML)", () => {
    expect(pagesRenderedPerRequest(appPaths, ["/", "/history", "/_not-found"])).toEqual([]);
  });

  it("names a page the build did not prerender", () => {
    expect(pagesRenderedPerRequest(appPaths, ["/", "/_not-found"])).toEqual(["/history"]);
  });
});
