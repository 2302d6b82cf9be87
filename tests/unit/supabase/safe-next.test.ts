import { describe, expect, it } from "vitest";
import { sameOriginNext } from "@/lib/supabase/safe-next";

const ORIGIN = "https://checkin.example";
const confirmUrl = (next: string) => `${ORIGIN}/auth/confirm?token_hash=abc&type=signup&next=${encodeURIComponent(next)}`;
/** `next` as the route reads it: searchParams.get decodes once. */
const target = (next: string) => sameOriginNext(new URL(confirmUrl(next)).searchParams.get("next"), confirmUrl(next)).toString();

describe("sameOriginNext: where /auth/confirm may send someone", () => {
  it.each([
    "/\\evil.com",
    "/\t/evil.com",
    "/\n/evil.com",
    "//evil.com",
    "\\\\evil.com",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://evil.com",
    "http:evil.com",
    "https://checkin.example.evil.com/",
    "https://checkin.example@evil.com/",
    "//checkin.example@evil.com",
    "http://checkin.example/", // same host, other scheme: another origin
  ])("sends %j home", (next) => {
    expect(target(next)).toBe(`${ORIGIN}/`);
  });

  it.each([
    ["/history", `${ORIGIN}/history`],
    ["/history?page=2#top", `${ORIGIN}/history?page=2`],
    ["predictions", `${ORIGIN}/auth/predictions`],
    ["https://checkin.example/your-data", `${ORIGIN}/your-data`],
    ["/a/..//evil.com", `${ORIGIN}/evil.com`],
    ["https:/evil.com", `${ORIGIN}/evil.com`], // same scheme as the page, no slashes: a path, per the URL standard
    ["%2F%2Fevil.com", `${ORIGIN}/auth/%2F%2Fevil.com`],
  ])("keeps the path and query of a same-origin %j", (next, expected) => {
    expect(target(next)).toBe(expected);
  });

  it("goes home when there is no next", () => {
    expect(sameOriginNext(null, `${ORIGIN}/auth/confirm`).toString()).toBe(`${ORIGIN}/`);
    expect(sameOriginNext("", `${ORIGIN}/auth/confirm`).toString()).toBe(`${ORIGIN}/`);
  });
});
