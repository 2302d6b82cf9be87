import * as ort from "onnxruntime-web/wasm";
import { beforeAll, describe, expect, it } from "vitest";
import type { ModelEntry } from "@/lib/models/manifest-schema";
import { readTreeEnsemble, type TreeEnsembleModel } from "@/lib/models/onnx-tree-ensemble";
import { evaluateTreeEnsemble } from "@/lib/models/tree-ensemble-eval";
import { Random } from "@/tools/training/gbm/random";
import { readManifest, readModelFile } from "./bundled-models";
import { realisticRows } from "../../support/realistic-rows";

/**
 * The early evaluator (lib/models/tree-ensemble-eval.ts, which a Save uses while onnxruntime starts) against
 * onnxruntime-web itself, in Node, on the very bytes that ship: labels and regression values bit for bit, class
 * probabilities within PROBABILITY_ULPS float32 steps (onnxruntime's expf and Math.exp may round the last bit apart).
 * Inputs: realistic check-in rows, uniform rows with missing values, every split threshold exactly and one float32
 * step either side, ±Infinity, all-NaN, and the bounds.
 */
const PROBABILITY_ULPS = 4; // measured: at most 3, in 10 of 12,816 multiclass and 2 of 8,514 binary probabilities; the rest identical

beforeAll(() => {
  ort.env.wasm.numThreads = 1; // as the app runs it (ort-session.ts): trees summed in one order
});

const manifest = readManifest();

describe.each(manifest.models.map((m) => [m.name, m] as const))("%s", (_name, entry) => {
  it("gives onnxruntime's outputs on thousands of realistic and edge-case rows", { timeout: 120_000 }, async () => {
    const bytes = readModelFile(entry.file);
    const model = readTreeEnsemble(bytes);
    const rows = inputs(entry, model);
    expect(rows.length).toBeGreaterThan(3000);
    const got = await compare(entry, bytes, model, rows);
    expect(got.labelMismatches).toBe(0);
    expect(got.valueMismatches).toBe(0);
    // Said in docs/models.md: how often the last bits differ at all.
    console.info(`${entry.name}: ${rows.length} rows, probabilities bit-identical in ${got.identical}/${got.compared}, max ${got.maxUlps} ulp`);
    expect(got.maxUlps).toBeLessThanOrEqual(PROBABILITY_ULPS);
  });
});

type Comparison = { labelMismatches: number; valueMismatches: number; maxUlps: number; identical: number; compared: number };

async function compare(entry: ModelEntry, bytes: Uint8Array, model: TreeEnsembleModel, rows: Float32Array[]): Promise<Comparison> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ["wasm"] });
  try {
    const nF = entry.features.length;
    const flat = new Float32Array(rows.length * nF);
    rows.forEach((r, i) => flat.set(r, i * nF));
    const result = await session.run({ [entry.input.name]: new ort.Tensor("float32", flat, [rows.length, nF]) });
    const out: Comparison = { labelMismatches: 0, valueMismatches: 0, maxUlps: 0, identical: 0, compared: 0 };
    rows.forEach((row, i) => {
      const mine = evaluateTreeEnsemble(model, row);
      if (entry.task === "regression") {
        if (!Object.is((result.variable?.data as Float32Array)[i], mine.value)) out.valueMismatches += 1;
        return;
      }
      if (Number((result.label?.data as BigInt64Array)[i]) !== mine.label) out.labelMismatches += 1;
      const k = (entry.labels ?? []).length;
      const probs = result.probabilities?.data as Float32Array;
      for (let c = 0; c < k; c++) {
        const ulps = ulpDistance(probs[i * k + c] as number, (mine.probabilities as number[])[c] as number);
        out.maxUlps = Math.max(out.maxUlps, ulps);
        out.compared += 1;
        if (ulps === 0) out.identical += 1;
      }
    });
    return out;
  } finally {
    await session.release();
  }
}

/** Float32 steps between two float32 values (both finite, same sign in practice: probabilities). */
function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const bits = new Int32Array(new Float32Array([a, b]).buffer);
  return Math.abs((bits[0] as number) - (bits[1] as number));
}

function inputs(entry: ModelEntry, model: TreeEnsembleModel): Float32Array[] {
  const rng = new Random(11);
  const features = entry.features;
  const nF = features.length;
  const base = () => Float32Array.from(features, (f) => f.min + (f.max - f.min) * rng.next());
  const rows: Float32Array[] = [...realisticRows(features, 1000)];
  for (let i = 0; i < 1000; i++) {
    const row = base();
    for (let f = 0; f < nF; f++) if (rng.chance(0.15)) row[f] = Number.NaN;
    rows.push(row);
  }
  features.forEach((spec, f) => {
    for (const v of [Number.NaN, Infinity, -Infinity, spec.min, spec.max, 0, -0]) {
      const row = base();
      row[f] = v;
      rows.push(row);
    }
  });
  rows.push(new Float32Array(nF).fill(Number.NaN), new Float32Array(nF).fill(Infinity), new Float32Array(nF).fill(-Infinity));
  // Split thresholds exactly and one float32 step either side, on realistic rows (where the other features make sense),
  // for a spread of splits over the whole ensemble.
  const realistic = realisticRows(features, 50);
  const splits: number[] = [];
  for (let n = 0; n < model.feature.length; n++) if ((model.feature[n] as number) >= 0) splits.push(n);
  const step = Math.max(1, Math.floor(splits.length / 700));
  for (let s = 0; s < splits.length; s += step) {
    const n = splits[s] as number;
    const t = model.threshold[n] as number;
    for (const v of [t, nextFloat32(t, -1), nextFloat32(t, 1)]) {
      const row = (realistic[s % realistic.length] as Float32Array).slice();
      row[model.feature[n] as number] = v;
      rows.push(row);
    }
  }
  return rows;
}

function nextFloat32(v: number, direction: 1 | -1): number {
  if (v === 0) return direction * 1.4e-45;
  const buf = new Float32Array([v]);
  const bits = new Int32Array(buf.buffer);
  bits[0] = (bits[0] as number) + (v > 0 ? direction : -direction);
  return buf[0] as number;
}
