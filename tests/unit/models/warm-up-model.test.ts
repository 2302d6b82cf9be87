import { describe, expect, it } from "vitest";
import { warmUpModel } from "@/lib/models/warm-up-model";
import { warmUpModelBytes } from "@/tools/training/warm-up-model";

describe("warm-up model", () => {
  it("is the bytes its generator writes (regenerate lib/models/warm-up-model.ts if the exporter changes)", () => {
    expect(Buffer.from(warmUpModel()).equals(Buffer.from(warmUpModelBytes()))).toBe(true);
  });
});
