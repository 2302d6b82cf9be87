import { describe, expect, it } from "vitest";
import { shrinkSchedule } from "@/tests/chaos/shrink";

const ops = Array.from({ length: 40 }, (_, i) => i);

describe("shrinking a failing schedule", () => {
  it("finds the two operations that together make the run fail", async () => {
    // Fails when op 5 comes before op 23 (say, a fault and then a reload), whatever else happens.
    const fails = async (c: number[]) => c.includes(5) && c.includes(23);
    const result = await shrinkSchedule(ops, fails, { deadline: Number.POSITIVE_INFINITY });
    expect(result.ops).toEqual([5, 23]);
    expect(result.exhausted).toBe(false);
  });

  it("stops at the deadline with the smallest failing schedule seen so far", async () => {
    let clock = 0;
    const fails = async (c: number[]) => {
      clock += 1;
      return c.includes(30);
    };
    const result = await shrinkSchedule(ops, fails, { deadline: 3, now: () => clock });
    expect(result.tries).toBe(3);
    expect(result.exhausted).toBe(true);
    expect(result.ops).toContain(30);
    expect(await fails(result.ops)).toBe(true);
  });
});
