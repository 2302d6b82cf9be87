import { describe, expect, it } from "vitest";
import { describeFeature } from "@/lib/explain/describe-feature";
import { decodeTreeFile } from "@/lib/explain/tree-file";
import { explain } from "@/lib/explain/treeshap";
import { roundToSum, whyBreakdown, type ExplainedPrediction, type WhyBreakdown } from "@/lib/explain/why-breakdown";
import type { ModelEntry } from "@/lib/models/manifest-schema";
import type { TreeEnsemble } from "@/tools/training/gbm/ensemble";
import { writeTreeFile } from "@/tools/training/gbm/explain/write-tree-file";
import { Random } from "@/tools/training/gbm/random";
import { predict, sigmoid, softmax } from "@/tools/training/gbm/reference-evaluator";
import { readManifest, readModelFile } from "../models/bundled-models";
import { bruteForce, N_FEATURES, randomEnsemble } from "../../support/brute-force-shap";

/**
 * "Why?" against independently computed amounts. Each shown line must be its feature's own amount under the mapping
 * documented in docs/models.md ("Why?"): a_i = Σ_k w_k φ_{k,i}, w_k = ∫₀¹ ∂p_c/∂z_k(E + t(Z − E)) dt, in points — with
 * φ from a brute-force enumeration of coalitions (small ensembles) and the mapping computed here by other means
 * (the closed-form secant for binary, Simpson's rule with 4,000 steps for multiclass). Nothing here is derived from
 * the total, so a breakdown whose lines merely add up (flipped, scaled, halved) fails.
 */

type Expected = {
  /** Per feature, in the shown unit. */
  amounts: number[];
  /** The model's starting point, g(E), in the shown unit. */
  modelStart: number;
  /** g(Z) with Z = E + Σ φ, in the shown unit. */
  end: number;
};

/** E per output, straight from the definition: the cover-weighted mean leaf value of each tree, summed. */
function expectedValue(ensemble: TreeEnsemble, covers: Float64Array[]): number[] {
  const out = new Array<number>(ensemble.nOutputs).fill(0);
  ensemble.trees.forEach((tree, t) => {
    let num = 0;
    let den = 0;
    tree.feature.forEach((f, n) => {
      if (f >= 0) return;
      num += (covers[t]![n] as number) * (tree.value[n] as number);
      den += covers[t]![n] as number;
    });
    out[ensemble.treeOutput[t]!] = out[ensemble.treeOutput[t]!]! + num / den;
  });
  return out;
}

function independentAmounts(task: TreeEnsemble["task"], phi: ArrayLike<number>, E: number[], nF: number, cls: number): Expected {
  const Z = E.map((e, o) => e + Array.from({ length: nF }, (_, i) => phi[o * nF + i] as number).reduce((a, b) => a + b, 0));
  if (task === "regression") return { amounts: Array.from({ length: nF }, (_, i) => phi[i] as number), modelStart: E[0]!, end: Z[0]! };
  if (task === "binary") {
    const d = Z[0]! - E[0]!;
    const slope = Math.abs(d) < 1e-9 ? sigmoid(E[0]!) * (1 - sigmoid(E[0]!)) : (sigmoid(Z[0]!) - sigmoid(E[0]!)) / d;
    return { amounts: Array.from({ length: nF }, (_, i) => 100 * slope * (phi[i] as number)), modelStart: 100 * sigmoid(E[0]!), end: 100 * sigmoid(Z[0]!) };
  }
  // Simpson's rule for w_k = ∫ p_c (δ_ck − p_k) dt along E → Z.
  const steps = 4000;
  const k = E.length;
  const w = new Array<number>(k).fill(0);
  for (let s = 0; s <= steps; s++) {
    const t = s / steps;
    const p = softmax(E.map((e, o) => e + t * (Z[o]! - e)));
    const coef = (s === 0 || s === steps ? 1 : s % 2 === 1 ? 4 : 2) / (3 * steps);
    for (let o = 0; o < k; o++) w[o] = w[o]! + coef * p[cls]! * ((o === cls ? 1 : 0) - p[o]!);
  }
  const amounts = Array.from({ length: nF }, (_, i) => 100 * w.reduce((sum, wk, o) => sum + wk * (phi[o * nF + i] as number), 0));
  return { amounts, modelStart: 100 * softmax(E)[cls]!, end: 100 * softmax(Z)[cls]! };
}

/** Every shown number against the independent amounts; `average` is the manifest's mean output in the shown unit. */
function expectMatches(why: WhyBreakdown, names: string[], want: Expected, average: number | null, shownExact: number): void {
  const step = 10 ** -why.decimals;
  const f = 10 ** why.decimals;
  const idx = (name: string) => names.indexOf(name);
  const lines = [...why.top, ...why.otherWay];
  for (const r of lines) {
    const a = want.amounts[idx(r.feature)] as number;
    expect(Math.abs(r.exact - a)).toBeLessThan(1e-7 * Math.max(1, Math.abs(a)));
    expect(Math.abs(r.amount - a)).toBeLessThanOrEqual(step + 1e-9);
    // The verb and the shown sign are the amount's own.
    expect(r.text).toMatch(a >= 0 ? /: raises / : /: lowers /);
    expect(Math.sign(r.amount) === -Math.sign(a) && r.amount !== 0).toBe(false);
  }
  // The top lines are the largest amounts, in order.
  const sizes = why.top.map((r) => Math.abs(want.amounts[idx(r.feature)] as number));
  expect(sizes).toEqual([...sizes].sort((x, y) => y - x));
  const unlisted = names.filter((n) => !lines.some((r) => r.feature === n));
  const largestUnlistedNotOtherWay = Math.max(0, ...unlisted.map((n) => Math.abs(want.amounts[idx(n)] as number)));
  if (why.top.length === 3) expect(Math.min(...sizes)).toBeGreaterThanOrEqual(largestUnlistedNotOtherWay - 1e-9);
  // "The other way" is against the features' net move.
  const net = want.amounts.reduce((a, b) => a + b, 0);
  for (const r of why.otherWay) expect(Math.sign(want.amounts[idx(r.feature)] as number)).toBe(-Math.sign(net));
  // The start, the centre line and the rest, each against its own definition.
  if (average === null) {
    expect(why.start.kind).toBe("model-start");
    expect(why.centre).toBeNull();
    expect(Math.abs(why.start.value - want.modelStart)).toBeLessThanOrEqual(step + 1e-9);
  } else {
    expect(why.start.kind).toBe("average");
    expect(Math.abs(why.start.value - average)).toBeLessThanOrEqual(step + 1e-9);
    if (why.centre) expect(Math.abs(why.centre.amount - (want.modelStart - average))).toBeLessThanOrEqual(step + 1e-9);
  }
  const restWanted = unlisted.reduce((s, n) => s + (want.amounts[idx(n)] as number), 0) + (shownExact - want.end);
  expect(Math.abs(why.rest.amount - restWanted)).toBeLessThanOrEqual(step + 1e-9);
  expect(why.rest.count).toBe(unlisted.length);
  // And the lines a person reads add up to the number shown.
  const parts = [why.start.value, why.centre?.amount ?? 0, ...lines.map((r) => r.amount), why.rest.amount];
  expect(Math.round(parts.reduce((a, b) => a + b, 0) * f) + 0).toBe(Math.round(why.shown * f) + 0);
  expect(Math.abs(why.shown - shownExact)).toBeLessThanOrEqual(0.5 / f + 1e-9);
}

const TASKS = [
  { task: "binary", nOutputs: 1, type: "burnout_risk", labels: ["no", "yes"] },
  { task: "multiclass", nOutputs: 3, type: "mood_tomorrow", labels: ["low", "steady", "high"] },
  { task: "regression", nOutputs: 1, type: "stress_forecast", labels: undefined },
] as const;

describe("whyBreakdown on small ensembles, against brute-force Shapley values through the documented mapping", () => {
  it.each(TASKS)("$task: every shown amount, the start, the centre and the rest", ({ task, nOutputs, type, labels }) => {
    const rng = new Random(71);
    const names = Array.from({ length: N_FEATURES }, (_, i) => `f${i}`);
    let checked = 0;
    let centres = 0;
    for (let trial = 0; trial < 60; trial++) {
      const { ensemble, covers } = randomEnsemble(rng, nOutputs, 2 + rng.int(0, 3), task);
      const forest = decodeTreeFile(writeTreeFile(ensemble, covers));
      const row = () => Float32Array.from({ length: N_FEATURES }, () => (rng.chance(0.2) ? Number.NaN : rng.int(0, 8) / 2));
      // The population's mean output, as the pipeline writes it into the manifest (here over 200 random rows).
      const population = Array.from({ length: 200 }, () => predict(ensemble, row()));
      const meanOutput =
        task === "regression"
          ? [population.reduce((s, p) => s + p.value!, 0) / population.length]
          : labels.map((_, c) => population.reduce((s, p) => s + p.probabilities![c]!, 0) / population.length);
      const base = { name: "m", version: "1", task, prediction_type: type, labels, features: names.map((name) => ({ name, unit: "", description: "", min: 0, max: 4 })) };
      const withMean = { ...base, explain: { mean_output: meanOutput } } as unknown as ModelEntry;
      const withoutMean = { ...base, explain: {} } as unknown as ModelEntry;

      const x = row();
      const out = predict(ensemble, x);
      const cls = task === "multiclass" ? out.label! : task === "binary" ? 1 : 0;
      const prediction: ExplainedPrediction =
        task === "regression"
          ? { prediction_type: type, label: null, score: Math.round(out.value! * 100) / 100, probabilities: null }
          : { prediction_type: type, label: labels[cls]!, score: Math.round(out.probabilities![cls]! * 1e4) / 1e4, probabilities: out.probabilities!.map((p) => Math.round(p * 1e4) / 1e4) };
      const shownExact = task === "regression" ? prediction.score : 100 * (task === "binary" ? prediction.probabilities![1]! : prediction.score);

      const want = independentAmounts(task, bruteForce(ensemble, covers, x), expectedValue(ensemble, covers), N_FEATURES, task === "binary" ? 0 : cls);
      // The documented mapping is a decomposition: its amounts add up to g(Z) − g(E) with nothing left over.
      expect(Math.abs(want.amounts.reduce((a, b) => a + b, 0) - (want.end - want.modelStart))).toBeLessThan(1e-7);

      const e = explain(forest, x);
      const average = task === "regression" ? expectedValue(ensemble, covers)[0]! : 100 * meanOutput[cls]!;
      const why = whyBreakdown(withMean, prediction, e, x);
      expectMatches(why, names, want, average, shownExact);
      if (why.centre) centres += 1;
      if (task !== "regression") expectMatches(whyBreakdown(withoutMean, prediction, e, x), names, want, null, shownExact);
      checked += why.top.length + why.otherWay.length;
    }
    expect(checked).toBeGreaterThan(100);
    if (task !== "regression") expect(centres).toBe(60);
  });
});

const manifest = readManifest();

describe.each(manifest.models.map((m) => [m.name, m] as const))("%s", (_name, entry) => {
  it("shows each feature's own amount (TreeSHAP through the documented mapping), starting from the average", { timeout: 120_000 }, () => {
    const forest = decodeTreeFile(readModelFile(entry.explain!.file));
    const names = entry.features.map((f) => f.name);
    // The committed manifest may predate mean_output: then a stand-in checks the "average" path, and the model's own
    // file the "model-start" path.
    const meanOutput = entry.explain!.mean_output ?? (entry.task === "regression" ? [5] : (entry.labels ?? []).map((_, c, all) => (c + 1) / ((all.length * (all.length + 1)) / 2)));
    const withMean = { ...entry, explain: { ...entry.explain!, mean_output: meanOutput } };
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
      const shownExact = probs ? 100 * (entry.task === "binary" ? prediction.probabilities![1]! : prediction.score) : prediction.score;
      const cls = entry.task === "binary" ? 1 : best;
      const want = independentAmounts(entry.task, e.contributions, Array.from(e.expectedValue), names.length, entry.task === "binary" ? 0 : cls);
      const average = entry.task === "regression" ? e.expectedValue[0]! : 100 * meanOutput[cls]!;
      expectMatches(whyBreakdown(withMean, prediction, e, row), names, want, average, shownExact);
      if (entry.task !== "regression" && !entry.explain!.mean_output) {
        expectMatches(whyBreakdown(entry, prediction, e, row), names, want, null, shownExact);
      }
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

  it("never turns a small positive part negative when it must take a unit back", () => {
    // Floors 0.0 + 0.5 exceed the total's 0.4 (float noise at a boundary): one unit goes back, and the part with the
    // smallest remainder (0.01) must not pay it by showing −0.1 beside "raises".
    const r = roundToSum([0.01, 0.59], 1, 0.44);
    expect(r).toEqual([0, 0.4]);
  });
});
