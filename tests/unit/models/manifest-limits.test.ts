import { describe, expect, it } from "vitest";
import { MANIFEST_LIMITS, manifestSchema } from "@/lib/models/manifest-schema";
import { readManifest } from "./bundled-models";

// What a prediction row takes from the manifest must fit the database (002_predictions.sql): model_name ≤ 100,
// model_version ≤ 50, label ≤ 50, 2..10 probabilities; and `bytes` is allocated up front, so it is bounded.
describe("manifest schema: the database's limits, and a sane size", () => {
  const manifest = readManifest();
  const withFirst = (change: (entry: Record<string, unknown>) => void) => {
    const copy = structuredClone(manifest) as { models: Record<string, unknown>[] };
    change(copy.models[0]!);
    return manifestSchema.safeParse(copy);
  };

  it("accepts the bundled manifest", () => {
    expect(manifestSchema.safeParse(manifest).success).toBe(true);
  });

  it.each([
    ["a name of 101 characters", (e: Record<string, unknown>) => (e.name = "m".repeat(101))],
    ["a version of 51 characters", (e: Record<string, unknown>) => (e.version = "1".repeat(51))],
    ["a label of 51 characters", (e: Record<string, unknown>) => (e.labels = ["x".repeat(51), "y"])],
    ["an empty label", (e: Record<string, unknown>) => (e.labels = ["", "y"])],
    ["a single label", (e: Record<string, unknown>) => (e.labels = ["only"])],
    ["eleven labels", (e: Record<string, unknown>) => (e.labels = Array.from({ length: 11 }, (_, i) => `l${i}`))],
    ["bytes past 64 MiB", (e: Record<string, unknown>) => (e.bytes = MANIFEST_LIMITS.maxBytes + 1)],
    ["bytes of 2^53 - 1", (e: Record<string, unknown>) => (e.bytes = Number.MAX_SAFE_INTEGER)],
    [
      "compressed bytes past 64 MiB",
      (e: Record<string, unknown>) => (e.compressed = { ...(e.compressed as object), bytes: MANIFEST_LIMITS.maxBytes + 1 }),
    ],
  ])("refuses %s", (_, change) => {
    expect(withFirst(change).success).toBe(false);
  });

  it("accepts the limits themselves", () => {
    const result = withFirst((e) => {
      e.name = "m".repeat(100);
      e.version = "1".repeat(50);
      e.labels = ["x".repeat(50), "y", "z"];
      e.bytes = MANIFEST_LIMITS.maxBytes;
    });
    expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
  });
});
