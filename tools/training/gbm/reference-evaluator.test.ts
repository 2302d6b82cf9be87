import { describe, expect, it } from "vitest";
import type { TreeEnsemble } from "./ensemble";
import { argmax, leafIndex, predict, softmax } from "./reference-evaluator";

// One split on feature 0 at 2.5: x <= 2.5 (and NaN) → leaf 1 (-1); else leaf 2 (+1).
const stump = (missingLeft: boolean) => ({
  feature: [0, -1, -1],
  threshold: [2.5, 0, 0],
  missingLeft: [missingLeft, false, false],
  left: [1, 0, 0],
  right: [2, 0, 0],
  value: [0, -1, 1],
});

describe("reference evaluator", () => {
  it("sends x == threshold to the true (left) branch, like BRANCH_LEQ", () => {
    expect(leafIndex(stump(false), [2.5])).toBe(1);
    expect(leafIndex(stump(false), [Math.fround(2.5000002)])).toBe(2);
  });

  it("sends NaN where nodes_missing_value_tracks_true says", () => {
    expect(leafIndex(stump(true), [Number.NaN])).toBe(1);
    expect(leafIndex(stump(false), [Number.NaN])).toBe(2);
  });

  it("applies the logistic post-transform for binary ensembles: [1 - p, p], label p > 0.5", () => {
    const ens: TreeEnsemble = { task: "binary", nFeatures: 1, nOutputs: 1, trees: [stump(true), stump(true)], treeOutput: [0, 0] };
    const p = predict(ens, [3]);
    expect(p.label).toBe(1);
    expect(p.probabilities?.[1]).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect((p.probabilities?.[0] ?? 0) + (p.probabilities?.[1] ?? 0)).toBeCloseTo(1, 6);
  });

  it("sums each class's trees and applies softmax for multiclass", () => {
    const ens: TreeEnsemble = { task: "multiclass", nFeatures: 1, nOutputs: 3, trees: [stump(true), stump(false), stump(true)], treeOutput: [0, 1, 2] };
    const p = predict(ens, [Number.NaN]); // scores: -1, +1, -1
    expect(p.label).toBe(1);
    expect(p.probabilities?.map((v) => Number(v.toFixed(6)))).toEqual(softmax([-1, 1, -1]).map((v) => Number(Math.fround(v).toFixed(6))));
  });

  it("breaks argmax ties toward the first class", () => {
    expect(argmax([0.2, 0.4, 0.4])).toBe(1);
  });
});
