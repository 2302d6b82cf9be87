import * as ort from "onnxruntime-web/wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeTreeFile, type ShapForest } from "@/lib/explain/tree-file";
import { buildPersonalModel, labels } from "@/lib/personal/build-personal-model";
import { detSigmoid, detSoftmax } from "@/lib/personal/det-math";
import { rawScores } from "@/lib/personal/forest";
import { personalRaw, trainOn } from "@/lib/personal/gate";
import { buildRows } from "@/lib/personal/rows";
import { TARGETS } from "@/lib/personal/targets";
import { PERSONAL_TYPES, type PersonalBuild, type PersonalType } from "@/lib/personal/types";
import type { Tree } from "@/tools/training/gbm/ensemble";
import { importOnnx } from "@/tools/training/gbm/onnx/import";
import { Random } from "@/tools/training/gbm/random";
import { readModelFile } from "../models/bundled-models";
import { generic, heldOutPerson } from "./support";

/**
 * The personal model that ships to IndexedDB — one ONNX file of generic + personal trees — run by onnxruntime-web
 * (wasm, in Node) against the trainer's own evaluation, on the person's rows, random rows and rows sitting exactly on
 * (and one float32 step around) the split thresholds. And the bytes read back by the pipeline's ONNX importer are the
 * very trees of the tree file, whose generic part is the shipped model's.
 */
beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

/** The first held-out simulated person for whom the gate chooses a personal model (deterministic). */
function personalFor(type: PersonalType): { build: PersonalBuild & { model: NonNullable<PersonalBuild["model"]> }; person: number } {
  const { entry, treeFile } = generic(type);
  for (let person = 0; person < 40; person++) {
    const build = buildPersonalModel({ entry, treeFile, checkIns: heldOutPerson(person), timeZone: "UTC" });
    if (build.model) return { build: build as PersonalBuild & { model: NonNullable<PersonalBuild["model"]> }, person };
  }
  throw new Error(`no held-out person among 40 gets a personal ${type} model`);
}

describe.each(PERSONAL_TYPES.map((t) => [t] as const))("%s", (type) => {
  it("onnxruntime-web gives the trainer's scores on person, random and threshold-tie rows", { timeout: 120_000 }, async () => {
    const { entry, treeFile } = generic(type);
    const { build, person } = personalFor(type);
    const forest = decodeTreeFile(build.model.treeFile);
    const nGeneric = decodeTreeFile(treeFile).treeOutput.length;
    expect(forest.treeOutput.length).toBe(nGeneric + build.model.personalTrees);

    // The tree file's personal part is the trainer's: on the person's rows its raw score equals generic + trees.
    const spec = TARGETS[type];
    const rows = buildRows(entry.features, heldOutPerson(person), "UTC");
    const base = rawScores(decodeTreeFile(treeFile), rows.x, rows.nRows);
    const trees = trainOn(spec, rows, labels(spec, rows), base, rows.nRows);
    const fromFile = rawScores(forest, rows.x, rows.nRows);
    for (let r = 0; r < rows.nRows; r++) {
      const trainer = personalRaw(trees, rows, base, r, spec.nOutputs);
      for (let c = 0; c < spec.nOutputs; c++) expect(fromFile[r * spec.nOutputs + c]).toBeCloseTo(trainer[c] as number, 12);
    }

    const inputs = [...splitRows(rows.x, rows.nRows, rows.nFeatures), ...randomRows(entry.features), ...tieRows(forest, nGeneric, rows.x)];
    const nF = entry.features.length;
    const flat = new Float32Array(inputs.length * nF);
    inputs.forEach((r, i) => flat.set(r, i * nF));
    const raw = rawScores(forest, flat, inputs.length);
    const session = await ort.InferenceSession.create(build.model.onnx, { executionProviders: ["wasm"] });
    try {
      const out = await session.run({ input: new ort.Tensor("float32", flat, [inputs.length, nF]) });
      let maxDiff = 0;
      let labelMismatches = 0;
      const k = spec.nOutputs;
      for (let i = 0; i < inputs.length; i++) {
        if (spec.task === "regression") {
          maxDiff = Math.max(maxDiff, Math.abs(((out.variable?.data as Float32Array)[i] as number) - (raw[i] as number)));
          continue;
        }
        const expected = spec.task === "binary" ? binary(raw[i] as number) : softmax(raw.subarray(i * k, (i + 1) * k));
        const got = Array.from((out.probabilities?.data as Float32Array).subarray(i * expected.length, (i + 1) * expected.length));
        expected.forEach((p, c) => (maxDiff = Math.max(maxDiff, Math.abs(p - (got[c] as number)))));
        const sorted = [...expected].sort((a, b) => b - a);
        const clear = (sorted[0] as number) - (sorted[1] as number) > 1e-5;
        if (clear && Number((out.label?.data as BigInt64Array)[i]) !== expected.indexOf(sorted[0] as number)) labelMismatches += 1;
      }
      expect(labelMismatches).toBe(0);
      // onnxruntime sums ~1,000 float32 leaves in float32; the trainer sums them in float64.
      expect(maxDiff).toBeLessThanOrEqual(spec.task === "regression" ? 1e-4 : 1e-5);
    } finally {
      await session.release();
    }
  });

  it("the pipeline's ONNX importer reads the bytes back as exactly the tree file's trees, the generic part as shipped", () => {
    const { entry } = generic(type);
    const { build } = personalFor(type);
    const forest = decodeTreeFile(build.model.treeFile);
    const imported = importOnnx(build.model.onnx);
    expect(imported.task).toBe(forest.task);
    expect(imported.nOutputs).toBe(forest.nOutputs);
    expect(imported.nFeatures).toBe(entry.features.length);
    expect(imported.trees.length).toBe(forest.treeOutput.length);
    imported.trees.forEach((tree, t) => {
      expect(imported.treeOutput[t]).toBe(forest.treeOutput[t]);
      expect(preorder(tree)).toEqual(segment(forest, t));
    });
    const shipped = importOnnx(readModelFile(entry.file));
    shipped.trees.forEach((tree, t) => expect(preorder(tree), `generic tree ${t}`).toEqual(preorder(imported.trees[t] as Tree)));
  });
});

type Node = [feature: number, threshold: number, missingLeft: boolean, value: number, rightOffset: number];

/** A tree as its preorder node list, right children as offsets from the node: independent of node numbering. */
function preorder(tree: Tree): Node[] {
  const out: Node[] = [];
  const walk = (n: number): void => {
    const at = out.length;
    const f = tree.feature[n] as number;
    out.push([f, f < 0 ? 0 : (tree.threshold[n] as number), f < 0 ? false : (tree.missingLeft[n] as boolean), f < 0 ? (tree.value[n] as number) : 0, 0]);
    if (f < 0) return;
    walk(tree.left[n] as number);
    (out[at] as Node)[4] = out.length - at;
    walk(tree.right[n] as number);
  };
  walk(0);
  return out;
}

function segment(forest: ShapForest, t: number): Node[] {
  const out: Node[] = [];
  for (let n = forest.treeStart[t] as number; n < (forest.treeStart[t + 1] as number); n++) {
    const f = forest.feature[n] as number;
    out.push(f < 0 ? [f, 0, false, forest.value[n] as number, 0] : [f, forest.threshold[n] as number, forest.missingLeft[n] === 1, 0, (forest.right[n] as number) - n]);
  }
  return out;
}

function binary(z: number): number[] {
  const p = detSigmoid(z);
  return [1 - p, p];
}

function softmax(z: Float64Array): number[] {
  const p = new Float64Array(z.length);
  detSoftmax(z, p);
  return Array.from(p);
}

function splitRows(x: Float32Array, nRows: number, nF: number): Float32Array[] {
  return Array.from({ length: nRows }, (_, r) => x.slice(r * nF, (r + 1) * nF));
}

function randomRows(features: readonly { min: number; max: number }[]): Float32Array[] {
  const rng = new Random(11);
  return Array.from({ length: 500 }, () => Float32Array.from(features, (f) => (rng.chance(0.15) ? Number.NaN : f.min + (f.max - f.min) * rng.next())));
}

/** Each personal split's threshold (and 40 generic ones) exactly, one float32 step below and above, in a person's row. */
function tieRows(forest: ShapForest, nGeneric: number, x: Float32Array): Float32Array[] {
  const nF = forest.nFeatures;
  const rows: Float32Array[] = [];
  const start = forest.treeStart[nGeneric] as number;
  const splits: number[] = [];
  for (let n = start; n < forest.feature.length; n++) if ((forest.feature[n] as number) >= 0) splits.push(n);
  let picked = 0;
  for (let n = 0; n < start && picked < 40; n += 997) {
    if ((forest.feature[n] as number) < 0) continue;
    splits.push(n);
    picked += 1;
  }
  expect(splits.length).toBeGreaterThan(40);
  splits.forEach((n, i) => {
    const t = forest.threshold[n] as number;
    for (const v of [t, nextFloat32(t, -1), nextFloat32(t, 1)]) {
      const row = x.slice((i % 20) * nF, (i % 20 + 1) * nF);
      row[forest.feature[n] as number] = v;
      rows.push(row);
    }
  });
  return rows;
}

function nextFloat32(v: number, direction: 1 | -1): number {
  const f = new Float32Array([v]);
  const bits = new Int32Array(f.buffer);
  if (v === 0) return direction * 1.4e-45;
  bits[0] = (bits[0] as number) + (v > 0 ? direction : -direction);
  return f[0] as number;
}
