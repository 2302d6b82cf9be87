import { describe, expect, it } from "vitest";
import { mulberry32 } from "@/tests/chaos/prng";
import { describeOp, generateSchedule, MAX_OPS, seqOfValues, valuesOf } from "@/tests/chaos/schedule";

describe("the chaos schedule", () => {
  it("is the same for the same seed, and another seed gives another", () => {
    const a = generateSchedule(7, 200);
    expect(generateSchedule(7, 200)).toEqual(a);
    expect(generateSchedule(8, 200).ops).not.toEqual(a.ops);
    // A longer run of the same seed starts with the shorter run's operations.
    expect(generateSchedule(7, 250).ops.slice(0, 200)).toEqual(a.ops);
  });

  it("draws every kind of operation in a long run, and numbers them by position", () => {
    const { ops } = generateSchedule(1, 600);
    expect(new Set(ops.map((o) => o.kind))).toEqual(
      new Set(["save", "close-mid-save", "open-tab", "reload", "view-history", "offline", "online", "switch-user", "sign-in", "fault", "expire-token", "revoke"]),
    );
    expect(ops.map((o) => o.seq)).toEqual(ops.map((_, i) => i));
    const saves = ops.filter((o) => o.kind === "save");
    const refused = saves.filter((o) => o.refused).length / saves.length;
    expect(refused).toBeGreaterThan(0.1);
    expect(refused).toBeLessThan(0.3);
  });

  it("refuses counts it cannot encode and seeds that are not integers", () => {
    expect(() => generateSchedule(1, 0)).toThrow(RangeError);
    expect(() => generateSchedule(1, MAX_OPS + 1)).toThrow(RangeError);
    expect(() => generateSchedule(1.5, 10)).toThrow(RangeError);
  });

  it("names each operation's check-in by (mood, energy, stress), all in the form's 1..10", () => {
    for (const seq of [0, 9, 10, 99, 100, 457, 999]) {
      const v = valuesOf(seq);
      for (const x of Object.values(v)) expect(x >= 1 && x <= 10).toBe(true);
      expect(seqOfValues(v.mood, v.energy, v.stress)).toBe(seq);
    }
  });

  it("describes an operation on one line", () => {
    expect(describeOp({ seq: 3, kind: "save", tab: "d1t2", refused: true, sleep: null, activity: 30 })).toBe("#3 save tab=d1t2 refused activity=30");
  });
});

describe("mulberry32", () => {
  it("is uniform enough and stays in range", () => {
    const random = mulberry32(42);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i += 1) counts[random.int(0, 3)]! += 1;
    for (const c of counts) expect(c).toBeGreaterThan(850);
  });
});
