import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "@/lib/auth/same-origin-request";

const URL_HERE = "https://checkin.example/auth/confirm";
const check = (headers: Record<string, string>) => isSameOriginRequest(new Headers(headers), URL_HERE);

describe("isSameOriginRequest: the sign-in POST must come from this origin", () => {
  it("accepts a POST from a page of this origin", () => {
    expect(check({ origin: "https://checkin.example", "sec-fetch-site": "same-origin" })).toBe(true);
    // Browsers that send no Fetch Metadata still send Origin.
    expect(check({ origin: "https://checkin.example" })).toBe(true);
  });

  it.each<[Record<string, string>, string]>([
    [{}, "no Origin"],
    [{ origin: "null" }, "an opaque origin (sandboxed frame, data: page)"],
    [{ origin: "https://evil.example", "sec-fetch-site": "cross-site" }, "another site"],
    [{ origin: "https://evil.example" }, "another origin, no Fetch Metadata"],
    [{ origin: "https://app.checkin.example", "sec-fetch-site": "same-site" }, "a sibling subdomain"],
    [{ origin: "http://checkin.example" }, "the same host over plain HTTP"],
    [{ origin: "https://checkin.example:8443" }, "another port"],
    [{ origin: "https://checkin.example", "sec-fetch-site": "cross-site" }, "a forged-looking Origin with cross-site metadata"],
    [{ "sec-fetch-site": "same-origin" }, "Fetch Metadata without Origin"],
    [{ origin: "https://checkin.example", "sec-fetch-site": "same-site" }, "our Origin but same-site metadata"],
    [{ origin: "https://checkin.example", "sec-fetch-site": "none" }, "our Origin but a request no page made"],
  ])("refuses %j (%s)", (headers) => {
    expect(check(headers)).toBe(false);
  });
});
