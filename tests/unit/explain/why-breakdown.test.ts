import { describe, expect, it } from "vitest";
import { describeFeature } from "@/lib/explain/describe-feature";
import { decodeTreeFile } from "@/lib/explain/tree-file";
import { explain } from "@/lib/explain/treeshap";
import { roundToSum, whyBreakdown } from "@/lib/explain/why-breakdown";
import { sigmoid, softmax } from "@/tools/training/gbm/reference-evaluator";
import { Random } from "@/tools/training/gbm/random";
import { readManifest, readModelFile } from "../models/bundled-models";

/** "Why?" in the shown unit, on the bundled models' real tree files: the lines a person reads add up to the number. */
const manifest = readManifest();

describe.each(manifest.models.map((m) => [m.name, m] as const))("%s", (_name, entry) => {
  it("adds baseline, reasons and the rest up to the shown number, exactly at display precision", { timeout: 120_000 }, () => {
    const forest = decodeTreeFile(readModelFile(entry.explain!.file));
    const rng = new Random(5);
    for (let trial = 0; trial < 25; trial++) {
      const row = Float32Array.from(entry.features, (f) => (rng.chance(0.2) ? Number.NaN : f.min + (f.max - f.min) * rng.next()));
      const e = explain(forest, row);
      const z = Array.from(e.rawScore);
      const probs = entry.task === "binary" ? [1 - sigmoid(z[0]!), sigmoid(z[0]!)] : entry.task === "multiclass" ? softmax(z) : null;
      const best = probs ? probs.indexOf(Math.max(...probs)) : 0;
      const prediction = {
        prediction_type: entry.prediction_type,
        label: probs ? (entry.labels![best] ?? null) : null,
        score: probs ? Math.round(probs[best]! * 1e4) / 1e4 : Math.round(z[0]! * 100) / 100,
        probabilities: probs ? probs.map((p) => Math.round(p * 1e4) / 1e4) : null,
      };
      const why = whyBreakdown(entry, prediction, e, row);
      const f = 10 ** why.decimals;
      const parts = [why.baseline, ...why.top.map((r) => r.amount), ...why.otherWay.map((r) => r.amount), why.rest.amount];
      expect(Math.round(parts.reduce((a, b) => a + b, 0) * f) + 0).toBe(Math.round(why.shown * f) + 0);
      const shown = probs ? 100 * (entry.task === "binary" ? prediction.probabilities![1]! : prediction.score) : prediction.score;
      expect(Math.abs(why.shown - shown)).toBeLessThanOrEqual(0.5 / f + 1e-9);
      expect(why.top.length).toBeGreaterThan(0);
      expect(why.top.length).toBeLessThanOrEqual(3);
      const sizes = why.top.map((r) => Math.abs(r.amount));
      expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
      // The rest is every unlisted feature: small next to the top reason, not a dumping ground.
      expect(why.rest.count).toBe(entry.features.length - why.top.length - why.otherWay.length);
      for (const r of [...why.top, ...why.otherWay]) expect(r.text).toMatch(/: (raises|lowers) /);
      // "The other way" is against the overall move (checked where the move is clearly not zero).
      if (Math.abs(why.shown - why.baseline) > 1) for (const r of why.otherWay) expect(Math.sign(r.amount) === -Math.sign(why.shown - why.baseline)).toBe(true);
    }
  });
});

describe("describeFeature", () => {
  it("speaks in the person's own numbers", () => {
    const row = new Map([
      ["sleep_hours", 5.5],
      ["sleep_mean_7d", 7.3],
      ["stress", 8],
      ["stress_mean_7d", 6],
      ["activity_minutes", Number.NaN],
      ["day_of_week", 0],
    ]);
    expect(describeFeature("sleep_hours", row)).toBe("you slept 5.5 h, 1.8 h under your 7-day average");
    expect(describeFeature("stress", row)).toBe("your stress today was 8 of 10, 2 over your 7-day average");
    expect(describeFeature("activity_minutes", row)).toBe("you left activity empty today");
    expect(describeFeature("day_of_week", row)).toBe("it is a Monday");
  });
});

describe("roundToSum", () => {
  it("rounds parts so that they sum to the rounded total", () => {
    expect(roundToSum([33.33, 33.33, 33.34], 0, 100)).toEqual([33, 33, 34]);
    const parts = [12.345, -3.21, 0.044, 51.03];
    const r = roundToSum(parts, 1, 60.209);
    expect(Math.round(r.reduce((a, b) => a + b, 0) * 10)).toBe(602);
  });
});
