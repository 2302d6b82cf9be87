import * as ort from "onnxruntime-web/wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { extractFeatures } from "@/lib/features/extract";
import type { TreeEnsemble } from "@/tools/training/gbm/ensemble";
import { importOnnx } from "@/tools/training/gbm/onnx/import";
import { Random } from "@/tools/training/gbm/random";
import { predict } from "@/tools/training/gbm/reference-evaluator";
import type { ModelEntry } from "@/lib/models/manifest-schema";
import { readManifest, readModelFile } from "./bundled-models";
import { realisticRows, rowsOnThresholds } from "../../support/realistic-rows";

/**
 * Parity: onnxruntime-web (wasm backend, in Node) against the TypeScript reference walk of the same .onnx bytes,
 * on random rows, NaN patterns, range bounds and values sitting exactly on (and one float32 step around) the
 * trees' split thresholds, where a `<` vs `<=` or a wrong missing branch would show.
 */
const TOLERANCE = 1e-5;
const RANDOM_ROWS = 1000;

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

const manifest = readManifest();

describe.each(manifest.models.map((m) => [m.name, m] as const))("%s", (_name, entry) => {
  it("gives the reference walk's labels and scores on 1,000+ random and edge-case inputs", { timeout: 120_000 }, async () => {
    const bytes = readModelFile(entry.file);
    const reference = importOnnx(bytes);
    const rows = inputs(entry, reference);
    expect(rows.length).toBeGreaterThanOrEqual(RANDOM_ROWS + entry.features.length * 3);
    const { maxDiff, labelMismatches } = await compare(entry, bytes, reference, rows);
    expect(labelMismatches).toBe(0);
    expect(maxDiff).toBeLessThanOrEqual(TOLERANCE);
  });

  it("agrees on real check-in rows, whose integer scores, 0.1 h sleep and counts sit exactly on split thresholds", { timeout: 120_000 }, async () => {
    const bytes = readModelFile(entry.file);
    const reference = importOnnx(bytes);
    const rows = [...realisticRows(entry.features, 600), ...scoreTies(entry, realisticRows(entry.features, 1)[0] as Float32Array)];
    const thresholds = reference.trees.flatMap((tree) => tree.feature.flatMap((f, n) => (f >= 0 ? [[f, tree.threshold[n] as number] as const] : [])));
    // Nearly every real row is on some threshold: the ties are really exercised.
    expect(rowsOnThresholds(rows, thresholds)).toBeGreaterThan(0.9 * rows.length);
    const { maxDiff, labelMismatches } = await compare(entry, bytes, reference, rows);
    expect(labelMismatches).toBe(0);
    expect(maxDiff).toBeLessThanOrEqual(TOLERANCE);
  });
});

async function compare(entry: ModelEntry, bytes: Uint8Array, reference: TreeEnsemble, rows: Float32Array[]): Promise<{ maxDiff: number; labelMismatches: number }> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ["wasm"] });
  try {
    const nF = entry.features.length;
    const flat = new Float32Array(rows.length * nF);
    rows.forEach((r, i) => flat.set(r, i * nF));
    const result = await session.run({ [entry.input.name]: new ort.Tensor("float32", flat, [rows.length, nF]) });

    let maxDiff = 0;
    let labelMismatches = 0;
    rows.forEach((row, i) => {
      const expected = predict(reference, row);
      if (entry.task === "regression") {
        const got = (result.variable?.data as Float32Array)[i] as number;
        maxDiff = Math.max(maxDiff, Math.abs(got - (expected.value as number)));
      } else {
        const k = (entry.labels ?? []).length;
        const probs = result.probabilities?.data as Float32Array;
        for (let c = 0; c < k; c++) {
          maxDiff = Math.max(maxDiff, Math.abs((probs[i * k + c] as number) - ((expected.probabilities as number[])[c] as number)));
        }
        if (Number((result.label?.data as BigInt64Array)[i]) !== expected.label) labelMismatches += 1;
      }
    });
    return { maxDiff, labelMismatches };
  } finally {
    await session.release();
  }
}

/** A real row with each 1-10 score feature set in turn to every whole score, and every count to each of its values. */
function scoreTies(entry: ModelEntry, base: Float32Array): Float32Array[] {
  const rows: Float32Array[] = [];
  entry.features.forEach((spec, f) => {
    const integer = /^score|^days$|^0=Mon/.test(spec.unit) && !spec.name.includes("mean") && !spec.name.includes("trend");
    if (!integer) return;
    for (let v = spec.min; v <= Math.min(spec.max, spec.min + 30); v++) {
      const row = base.slice();
      row[f] = v;
      rows.push(row);
    }
  });
  return rows;
}

function inputs(entry: ModelEntry, ensemble: TreeEnsemble): Float32Array[] {
  const rng = new Random(7);
  const features = entry.features;
  const nF = features.length;
  const rows: Float32Array[] = [];
  const base = () => Float32Array.from(features, (f) => f.min + (f.max - f.min) * rng.next());

  // Uniform over the declared ranges, with ~15% of values missing.
  for (let i = 0; i < RANDOM_ROWS; i++) {
    const row = base();
    for (let f = 0; f < nF; f++) if (rng.chance(0.15)) row[f] = Number.NaN;
    rows.push(row);
  }
  // Each feature alone at NaN, at its minimum and at its maximum.
  features.forEach((spec, f) => {
    for (const v of [Number.NaN, spec.min, spec.max]) {
      const row = base();
      row[f] = v;
      rows.push(row);
    }
  });
  rows.push(new Float32Array(nF).fill(Number.NaN));
  rows.push(Float32Array.from(features, (f) => f.min));
  rows.push(Float32Array.from(features, (f) => f.max));
  // Exactly on split thresholds and one float32 step either side.
  const thresholds: [number, number][] = [];
  for (const tree of ensemble.trees.slice(0, 40)) {
    tree.feature.forEach((f, n) => {
      if (f >= 0) thresholds.push([f, tree.threshold[n] as number]);
    });
  }
  for (const [f, t] of thresholds.slice(0, 300)) {
    for (const v of [t, nextFloat32(t, -1), nextFloat32(t, 1)]) {
      const row = base();
      row[f] = v;
      rows.push(row);
    }
  }
  // Realistic rows from the app's own feature extraction, on the pipeline's convention (wall-clock times as UTC).
  const options = { timeZone: "UTC" };
  const day = (d: number, mood: number, sleep: number | null) => ({
    checkin_date: `2026-03-${String(d).padStart(2, "0")}T20:00:00Z`,
    mood,
    energy: 11 - mood,
    stress: Math.min(10, mood + 2),
    sleep_hours: sleep,
    activity_minutes: sleep === null ? null : 30,
  });
  rows.push(extractFeatures(features, day(10, 5, 7), [], options));
  rows.push(extractFeatures(features, day(10, 2, null), [day(9, 3, 5.5), day(7, 4, null), day(1, 8, 9)], options));
  rows.push(extractFeatures(features, day(20, 9, 8), Array.from({ length: 19 }, (_, i) => day(19 - i, 1 + (i % 10), 6 + (i % 3))), options));
  return rows;
}

function nextFloat32(v: number, direction: 1 | -1): number {
  const buf = new Float32Array([v]);
  const bits = new Int32Array(buf.buffer);
  // For positive floats the next representable value is one bit-pattern up; for negative, one down.
  if (v === 0) return direction * 1.4e-45;
  bits[0] = (bits[0] as number) + (v > 0 ? direction : -direction);
  return buf[0] as number;
}
