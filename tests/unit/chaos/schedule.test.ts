import { describe, expect, it } from "vitest";
import { mulberry32 } from "@/tests/chaos/prng";
import { CLOSING_SAVE_SEQ, describeOp, generateSchedule, MAX_OPS, seqOfValues, valuesOf } from "@/tests/chaos/schedule";

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
      new Set([
        "save", "close-mid-save", "open-tab", "reload", "view-history", "offline", "online", "switch-user", "sign-in", "fault",
        "expire-token", "revoke", "sign-out-after-save", "delete-during-push", "skew-clock",
      ]),
    );
    expect(ops.map((o) => o.seq)).toEqual(ops.map((_, i) => i));
    const saves = ops.filter((o) => o.kind === "save");
    const refused = saves.filter((o) => o.refused).length / saves.length;
    expect(refused).toBeGreaterThan(0.1);
    expect(refused).toBeLessThan(0.3);
  });

  it("draws the issue 18 operations within their ranges: sign-out 0–1,500 ms after Save, uploads held, clocks ±2 h or right", () => {
    const { ops } = generateSchedule(3, 900);
    const signOuts = ops.flatMap((o) => (o.kind === "sign-out-after-save" ? [o] : []));
    expect(signOuts.every((o) => o.afterMs >= 0 && o.afterMs <= 1_500)).toBe(true);
    // Both answers to the dialog, and both people to sign in as next.
    expect(new Set(signOuts.map((o) => o.keep))).toEqual(new Set([true, false]));
    expect(new Set(signOuts.map((o) => o.then))).toEqual(new Set(["A", "B"]));
    const holds = ops.flatMap((o) => (o.kind === "delete-during-push" ? [o.holdMs] : []));
    expect(holds.length).toBeGreaterThan(0);
    expect(holds.every((ms) => ms >= 2_000 && ms <= 6_000)).toBe(true);
    const skews = new Set(ops.flatMap((o) => (o.kind === "skew-clock" ? [o.skewMs] : [])));
    expect(skews).toEqual(new Set([7_200_000, -7_200_000, 0]));
  });

  it("keeps the two closing saves' numbers out of every schedule", () => {
    expect(MAX_OPS).toBeLessThanOrEqual(Math.min(...Object.values(CLOSING_SAVE_SEQ)));
    for (const seq of Object.values(CLOSING_SAVE_SEQ)) expect(seqOfValues(valuesOf(seq).mood, valuesOf(seq).energy, valuesOf(seq).stress)).toBe(seq);
    expect(Math.max(...generateSchedule(5, MAX_OPS).ops.map((o) => o.seq))).toBe(MAX_OPS - 1);
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
    expect(describeOp({ seq: 4, kind: "skew-clock", device: "d2", skewMs: 0 })).toBe("#4 skew-clock device=d2 skewMs=0");
    expect(describeOp({ seq: 5, kind: "sign-out-after-save", tab: "d1t1", afterMs: 0, keep: false, then: "B" })).toBe("#5 sign-out-after-save tab=d1t1 then=B");
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
