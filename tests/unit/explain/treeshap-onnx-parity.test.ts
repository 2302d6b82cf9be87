import * as ort from "onnxruntime-web/wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeTreeFile, type ShapForest } from "@/lib/explain/tree-file";
import { sha256Hex } from "@/lib/models/hash";
import { explain } from "@/lib/explain/treeshap";
import { sigmoid, softmax } from "@/tools/training/gbm/reference-evaluator";
import { Random } from "@/tools/training/gbm/random";
import type { ModelEntry } from "@/lib/models/manifest-schema";
import { readManifest, readModelFile } from "../models/bundled-models";
import { rawScoreModel } from "../../support/raw-score-onnx";
import { realisticRows, rowsOnThresholds } from "../../support/realistic-rows";

/**
 * For every bundled model: the contributions of its shipped tree file plus the expected value equal the raw score
 * onnxruntime-web computes from the shipped .onnx (its post-transform removed, see rawScoreModel), on 1,000+ inputs
 * with missing values. And the raw-score copy is faithful: its sigmoid/softmax is the original model's probabilities.
 *
 * Tolerance: 1e-4, relative above 1. onnxruntime adds 1,050 float32 leaf values in float32, so on the sleep model
 * (scores near 60-100, float32 steps of 7.6e-6) its own rounding drifts up to ~2.5e-4 from the exact sum; TreeSHAP
 * works in float64. So the decomposition is checked exact against the float64 leaf sum (1e-9), and against
 * onnxruntime within 1e-4 × max(1, |score|).
 */
const TOLERANCE = 1e-4;
const EXACT = 1e-9;
const RANDOM_ROWS = 1000;

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

const manifest = readManifest();

describe.each(manifest.models.map((m) => [m.name, m] as const))("%s", (_name, entry) => {
  it("has a tree file whose hash the manifest lists", async () => {
    expect(entry.explain).toBeDefined();
    const bytes = readModelFile(entry.explain!.file);
    expect(bytes.length).toBe(entry.explain!.bytes);
    const digest = await sha256Hex(bytes);
    expect(digest).toBe(entry.explain!.sha256);
  });

  it("explains 1,200+ inputs (200 real check-in rows on split thresholds): expected value + contributions = onnxruntime-web's raw score within 1e-4", { timeout: 180_000 }, async () => {
    const forest = decodeTreeFile(readModelFile(entry.explain!.file));
    expect(forest.nFeatures).toBe(entry.features.length);
    const random = inputs(entry);
    // Real check-in rows sit exactly on split thresholds (whole scores, 0.1 h sleep, counts): a `<` for `<=` shows here.
    const real = realisticRows(entry.features, 200);
    expect(rowsOnThresholds(real, thresholdsOf(forest))).toBeGreaterThan(0.9 * real.length);
    const rows = [...random, ...real];
    const nF = entry.features.length;
    const flat = new Float32Array(rows.length * nF);
    rows.forEach((r, i) => flat.set(r, i * nF));
    const feeds = { [entry.input.name]: new ort.Tensor("float32", flat, [rows.length, nF]) };

    const raw = rawScoreModel(readModelFile(entry.file));
    expect(raw.nOutputs).toBe(forest.nOutputs);
    const rawSession = await ort.InferenceSession.create(raw.bytes, { executionProviders: ["wasm"] });
    const original = await ort.InferenceSession.create(readModelFile(entry.file), { executionProviders: ["wasm"] });
    try {
      const scores = (await rawSession.run(feeds)).variable?.data as Float32Array;
      const shipped = await original.run(feeds);
      let worst = 0;
      let worstExact = 0;
      let worstLink = 0;
      let missingRows = 0;
      rows.forEach((row, i) => {
        if (row.some(Number.isNaN)) missingRows += 1;
        const e = explain(forest, row);
        const k = forest.nOutputs;
        const ortScores = Array.from(scores.subarray(i * k, (i + 1) * k));
        for (let o = 0; o < k; o++) {
          let total = e.expectedValue[o] as number;
          for (let f = 0; f < nF; f++) total += e.contributions[o * nF + f] as number;
          const onnx = ortScores[o] as number;
          worst = Math.max(worst, Math.abs(total - onnx) / Math.max(1, Math.abs(onnx)));
          worstExact = Math.max(worstExact, Math.abs(total - (e.rawScore[o] as number)));
        }
        // The raw-score copy is the model: its link function gives back what the shipped model says.
        if (entry.task === "regression") {
          worstLink = Math.max(worstLink, Math.abs((ortScores[0] as number) - ((shipped.variable?.data as Float32Array)[i] as number)));
        } else {
          const probs = shipped.probabilities?.data as Float32Array;
          const fromRaw = entry.task === "binary" ? [1 - sigmoid(ortScores[0] as number), sigmoid(ortScores[0] as number)] : softmax(ortScores);
          fromRaw.forEach((p, c) => {
            worstLink = Math.max(worstLink, Math.abs(p - (probs[i * fromRaw.length + c] as number)));
          });
        }
      });
      expect(missingRows).toBeGreaterThan(500);
      expect(worstLink).toBeLessThan(1e-6);
      expect(worstExact).toBeLessThan(EXACT);
      expect(worst).toBeLessThanOrEqual(TOLERANCE);
    } finally {
      await rawSession.release();
      await original.release();
    }
  });
});

/** Uniform over the declared ranges with ~15% missing, each feature alone missing, all missing. */
function inputs(entry: ModelEntry): Float32Array[] {
  const rng = new Random(31);
  const features = entry.features;
  const rows: Float32Array[] = [];
  const base = () => Float32Array.from(features, (f) => f.min + (f.max - f.min) * rng.next());
  for (let i = 0; i < RANDOM_ROWS; i++) {
    const row = base();
    for (let f = 0; f < row.length; f++) if (rng.chance(0.15)) row[f] = Number.NaN;
    rows.push(row);
  }
  features.forEach((_spec, f) => {
    const row = base();
    row[f] = Number.NaN;
    rows.push(row);
  });
  rows.push(new Float32Array(features.length).fill(Number.NaN));
  return rows;
}

/** Every split's [feature, threshold]. */
function thresholdsOf(forest: ShapForest): [number, number][] {
  const out: [number, number][] = [];
  forest.feature.forEach((f, n) => {
    if (f >= 0) out.push([f, forest.threshold[n] as number]);
  });
  return out;
}
