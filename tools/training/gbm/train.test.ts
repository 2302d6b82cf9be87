import { describe, expect, it } from "vitest";
import type { TreeEnsemble } from "./ensemble";
import { auc, rmse } from "./metrics";
import { l2, logistic, softmaxObjective } from "./objectives";
import { exportOnnx } from "./onnx/export";
import { importOnnx } from "./onnx/import";
import { Random } from "./random";
import { leafIndex, predict } from "./reference-evaluator";
import { train, type TrainParams, type TrainingData } from "./train";

const PARAMS = {
  maxLeaves: 15,
  maxDepth: 6,
  minDataInLeaf: 10,
  minSumHessian: 1e-3,
  lambdaL2: 1,
  minGainToSplit: 0,
  rounds: 60,
  learningRate: 0.1,
  maxBins: 64,
  baggingFraction: 0.8,
  seed: 5,
};

/** y depends on x0 (step), x1 (linear) and on whether x2 is missing; x3 is noise. */
function synthetic(n: number, seed: number): TrainingData & { logit: Float64Array } {
  const rng = new Random(seed);
  const nFeatures = 4;
  const x = new Float32Array(n * nFeatures);
  const y = new Float64Array(n);
  const logit = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x0 = rng.uniform(0, 10);
    const x1 = rng.normal();
    const missing = rng.chance(0.2);
    x.set([x0, x1, missing ? Number.NaN : rng.uniform(0, 1), rng.normal()], i * nFeatures);
    logit[i] = (x0 > 5 ? 2 : -1) + x1 + (missing ? 2 : 0);
    y[i] = logit[i] as number;
  }
  return { x, y, nRows: n, nFeatures, logit };
}

const rowsOf = (d: TrainingData) => Array.from({ length: d.nRows }, (_, i) => d.x.subarray(i * d.nFeatures, (i + 1) * d.nFeatures));
const opts = { graphName: "t", docString: "", metadata: {} };

describe("train (histogram gradient boosting)", () => {
  it("fits a regression target far better than its mean, including the missing-value effect", () => {
    const tr = synthetic(3000, 1);
    const te = synthetic(1000, 2);
    const ens = train(tr, { ...PARAMS, task: "regression", objective: l2 });
    const pred = rowsOf(te).map((r) => predict(ens, r).value as number);
    const mean = Array.from(tr.y).reduce((a, b) => a + b, 0) / tr.nRows;
    expect(rmse(te.y, pred)).toBeLessThan(0.35 * rmse(te.y, new Array<number>(te.nRows).fill(mean)));
    // NaN in x2 was learned to mean +2: same row with x2 missing vs present differs by about 2.
    const row = Float32Array.from([7, 0, 0.5, 0]);
    const withNaN = Float32Array.from([7, 0, Number.NaN, 0]);
    expect((predict(ens, withNaN).value as number) - (predict(ens, row).value as number)).toBeGreaterThan(1.5);
  });

  it("learns binary and multiclass labels", () => {
    const tr = synthetic(3000, 3);
    const te = synthetic(1000, 4);
    const toBinary = (d: TrainingData & { logit: Float64Array }) => ({ ...d, y: d.logit.map((v) => (v > 1 ? 1 : 0)) });
    const bin = train(toBinary(tr), { ...PARAMS, task: "binary", objective: logistic });
    const p1 = rowsOf(te).map((r) => (predict(bin, r).probabilities as number[])[1] as number);
    expect(auc(toBinary(te).y, p1)).toBeGreaterThan(0.95);

    const toClass = (d: TrainingData & { logit: Float64Array }) => ({ ...d, y: d.logit.map((v) => (v < 0 ? 0 : v < 2 ? 1 : 2)) });
    const multi = train(toClass(tr), { ...PARAMS, task: "multiclass", objective: softmaxObjective(3) });
    expect(multi.trees).toHaveLength(PARAMS.rounds * 3);
    const yt = toClass(te).y;
    const hits = rowsOf(te).filter((r, i) => predict(multi, r).label === yt[i]).length;
    expect(hits / te.nRows).toBeGreaterThan(0.8);
  });

  it("respects the leaf and leaf-size limits", () => {
    const tr = synthetic(2000, 5);
    const ens = train(tr, { ...PARAMS, rounds: 5, maxLeaves: 7, minDataInLeaf: 100, baggingFraction: 1, task: "regression", objective: l2 });
    for (const tree of ens.trees) {
      expect(tree.feature.filter((f) => f < 0).length).toBeLessThanOrEqual(7);
      const counts = new Map<number, number>();
      for (const r of rowsOf(tr)) counts.set(leafIndex(tree, r), (counts.get(leafIndex(tree, r)) ?? 0) + 1);
      for (const c of counts.values()) expect(c).toBeGreaterThanOrEqual(100);
    }
  });

  it("is deterministic: the same seed gives byte-identical ONNX, another seed does not", () => {
    const tr = synthetic(1500, 6);
    const p: TrainParams = { ...PARAMS, rounds: 20, task: "binary", objective: logistic };
    const y = tr.logit.map((v) => (v > 1 ? 1 : 0));
    const a = exportOnnx(train({ ...tr, y }, p), opts);
    const b = exportOnnx(train({ ...tr, y }, p), opts);
    const c = exportOnnx(train({ ...tr, y }, { ...p, seed: 99 }), opts);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });
});

describe("ONNX export and import", () => {
  it("round-trips every tree, threshold, missing branch and leaf value", () => {
    const tr = synthetic(1500, 7);
    for (const [task, objective, y] of [
      ["regression", l2, tr.y],
      ["binary", logistic, tr.logit.map((v) => (v > 1 ? 1 : 0))],
      ["multiclass", softmaxObjective(3), tr.logit.map((v) => (v < 0 ? 0 : v < 2 ? 1 : 2))],
    ] as const) {
      const ens: TreeEnsemble = train({ ...tr, y }, { ...PARAMS, rounds: 10, task, objective });
      expect(importOnnx(exportOnnx(ens, opts))).toEqual(ens);
    }
  });

  it("rejects a model without a tree ensemble", () => {
    expect(() => importOnnx(new Uint8Array())).toThrowError(/no TreeEnsembleClassifier or TreeEnsembleRegressor node/);
  });
});
