import { describe, expect, it } from "vitest";
import { Random } from "@/tools/training/gbm/random";
import { fitLinear, predictLinear } from "./linear-baseline";

/** Two informative features (one missing 30% of the time, which itself shifts y) and one constant column. */
function rows(n: number, seed: number, link: (z: number, rng: Random) => number) {
  const rng = new Random(seed);
  const x = new Float32Array(n * 3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.normal(5, 2);
    const missing = rng.chance(0.3);
    const b = rng.normal(0, 1);
    x.set([a, missing ? Number.NaN : b, 7], i * 3);
    y[i] = link(1.5 * (a - 5) - 2 * (missing ? 0 : b) + (missing ? 1 : 0), rng);
  }
  return { x, y };
}

describe("linear baseline", () => {
  it("ridge recovers a linear target, missing values included, and ignores a constant column", () => {
    const { x, y } = rows(5000, 1, (z) => 3 + z);
    const model = fitLinear(x, y, 3, "regression", 1);
    expect(predictLinear(model, [7, 0.5, 7])[0]).toBeCloseTo(3 + 3 - 1, 1);
    expect(predictLinear(model, [5, Number.NaN, 7])[0]).toBeCloseTo(3 + 1, 1);
  });

  it("logistic regression recovers probabilities; multinomial gives probabilities that sum to 1", () => {
    const { x, y } = rows(20_000, 2, (z, rng) => (rng.chance(1 / (1 + Math.exp(-z))) ? 1 : 0));
    const model = fitLinear(x, y, 3, "binary", 2);
    expect(predictLinear(model, [6, 0, 7])[0]).toBeCloseTo(1 / (1 + Math.exp(-1.5)), 1);
    const multi = rows(5000, 3, (z) => (z < -1 ? 0 : z < 1 ? 1 : 2));
    const probs = predictLinear(fitLinear(multi.x, multi.y, 3, "multiclass", 3), [8, -1, 7]);
    expect(probs).toHaveLength(3);
    expect(probs.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    expect(probs[2]).toBeGreaterThan(0.9);
  });

  it("is deterministic: the same rows give the same predictions", () => {
    const { x, y } = rows(2000, 4, (z, rng) => (rng.chance(1 / (1 + Math.exp(-z))) ? 1 : 0));
    const a = fitLinear(x, y, 3, "binary", 2);
    const b = fitLinear(x, y, 3, "binary", 2);
    expect(b.weights).toEqual(a.weights);
  });
});
