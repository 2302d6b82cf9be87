import { describe, expect, it } from "vitest";
import { applyCalibration, fitCalibration, foldCalibration, type Calibration } from "./calibrate";
import { logistic, softmaxObjective } from "./objectives";
import { exportOnnx } from "./onnx/export";
import { importOnnx } from "./onnx/import";
import { Random } from "./random";
import { predict, rawScores, sigmoid, softmax } from "./reference-evaluator";
import { train, type TrainingData } from "./train";

const PARAMS = {
  maxLeaves: 15,
  maxDepth: 6,
  minDataInLeaf: 10,
  minSumHessian: 1e-3,
  lambdaL2: 1,
  minGainToSplit: 0,
  rounds: 30,
  learningRate: 0.1,
  maxBins: 64,
  baggingFraction: 0.8,
  seed: 7,
};

/** Three features, one of them often missing; y in 0..k−1 from a noisy score. */
function data(n: number, k: number, seed: number): TrainingData {
  const rng = new Random(seed);
  const x = new Float32Array(n * 3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.uniform(0, 10);
    const missing = rng.chance(0.25);
    x.set([a, b, missing ? Number.NaN : rng.normal()], i * 3);
    const s = a + (b > 5 ? 1 : -1) + (missing ? 0.8 : 0) + rng.normal(0, 0.8);
    y[i] = k === 2 ? (s > 0.5 ? 1 : 0) : Math.max(0, Math.min(k - 1, Math.floor((s + 3) / 2)));
  }
  return { x, y, nRows: n, nFeatures: 3 };
}

const rows = (d: TrainingData) => Array.from({ length: d.nRows }, (_, i) => d.x.subarray(i * 3, (i + 1) * 3));

describe("foldCalibration", () => {
  it("binary: the folded ensemble's probability is sigmoid(a·raw + b) of the unfolded one, also after an ONNX round trip", () => {
    const tr = data(2000, 2, 1);
    const raw = train(tr, { ...PARAMS, task: "binary", objective: logistic });
    const calibration: Calibration = { scale: [0.63], bias: [-0.41] };
    const folded = importOnnx(exportOnnx(foldCalibration(raw, calibration), { graphName: "t", docString: "", metadata: {} }));
    for (const row of rows(data(500, 2, 2))) {
      const expected = sigmoid(applyCalibration(calibration, rawScores(raw, row))[0] as number);
      expect((predict(folded, row).probabilities as number[])[1]).toBeCloseTo(expected, 5);
    }
  });

  it("multiclass: each class's trees carry its own scale and bias (vector scaling)", () => {
    const tr = data(2000, 3, 3);
    const raw = train(tr, { ...PARAMS, task: "multiclass", objective: softmaxObjective(3) });
    const calibration: Calibration = { scale: [1.3, 0.7, 0.9], bias: [0.2, -0.3, 0.05] };
    const folded = foldCalibration(raw, calibration);
    let largest = 0;
    for (const row of rows(data(500, 3, 4))) {
      const expected = softmax(applyCalibration(calibration, rawScores(raw, row)));
      const got = predict(folded, row).probabilities as number[];
      for (let c = 0; c < 3; c++) largest = Math.max(largest, Math.abs((got[c] as number) - (expected[c] as number)));
    }
    expect(largest).toBeLessThan(1e-5);
  });

  it("leaves an ensemble unchanged under the identity", () => {
    const raw = train(data(500, 2, 5), { ...PARAMS, task: "binary", objective: logistic });
    expect(foldCalibration(raw, { scale: [1], bias: [0] }).trees.map((t) => t.value)).toEqual(raw.trees.map((t) => t.value));
  });
});

describe("fitCalibration", () => {
  it("recovers Platt parameters from labels drawn with them", () => {
    const rng = new Random(11);
    const n = 20_000;
    const scores = new Float64Array(n);
    const labels = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      scores[i] = rng.normal(0, 2);
      labels[i] = rng.chance(sigmoid(0.5 * (scores[i] as number) - 0.7)) ? 1 : 0;
    }
    const fit = fitCalibration(scores, labels, 1);
    expect(fit.scale[0]).toBeCloseTo(0.5, 1);
    expect(fit.bias[0]).toBeCloseTo(-0.7, 1);
  });

  it("recovers a temperature for a multiclass model that is too sure", () => {
    const rng = new Random(12);
    const n = 20_000;
    const k = 3;
    const scores = new Float64Array(n * k);
    const labels = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const z = [rng.normal(0, 1.5), rng.normal(0, 1.5), rng.normal(0, 1.5)];
      scores.set(z.map((v) => 2 * v), i * k); // the model's scores are twice the truth
      const p = softmax(z);
      const u = rng.next();
      labels[i] = u < (p[0] as number) ? 0 : u < (p[0] as number) + (p[1] as number) ? 1 : 2;
    }
    const fit = fitCalibration(scores, labels, k);
    for (const a of fit.scale) expect(a).toBeCloseTo(0.5, 1);
  });
});
