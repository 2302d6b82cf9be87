import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "@/lib/data/sync/backoff";
import { classifyFailure } from "@/lib/data/sync/classify-failure";

describe("what a failed Supabase request means for the queue", () => {
  it.each([
    [0, "", "transient"], // no response: offline, DNS, CORS
    [503, "", "transient"],
    [429, "", "transient"],
    [404, "PGRST205", "transient"], // table missing while migrations are applied
    [401, "PGRST301", "auth"], // JWT expired
    [409, "23505", "duplicate"], // already there: success for browser-made ids
    [403, "42501", "rejected"], // RLS
    [400, "23514", "rejected"], // CHECK violation
    [400, "22P05", "rejected"], // U+0000 in text
    [409, "23503", "rejected"], // foreign key: the check-in is not there
  ])("HTTP %i %s → %s", (status, code, kind) => {
    expect(classifyFailure(status, { code, message: "m" }).kind).toBe(kind);
  });
});

describe("backoff", () => {
  it("grows exponentially up to a cap, with full jitter", () => {
    expect(backoffDelayMs(1, () => 1)).toBe(2_000);
    expect(backoffDelayMs(3, () => 1)).toBe(8_000);
    expect(backoffDelayMs(30, () => 1)).toBe(300_000);
    expect(backoffDelayMs(3, () => 0.5)).toBe(4_000);
    expect(backoffDelayMs(3, () => 0)).toBe(250);
  });
});
