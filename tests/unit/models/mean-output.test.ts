import * as ort from "onnxruntime-web/wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { FEATURE_SPECS } from "@/lib/features/feature-specs";
import { buildDataset } from "@/scripts/models/dataset";
import { DEFAULT_SEED, SIMULATION } from "@/scripts/models/pipeline";
import { simulate } from "@/scripts/models/simulate";
import { readManifest, readModelFile } from "./bundled-models";

/**
 * `explain.mean_output` is what "Why?" calls the average person's prediction. Recomputed here independently of the
 * pipeline's reference evaluator: the committed seed's training population (every non-test person's check-ins) run
 * through onnxruntime-web on the shipped bytes, averaged per output.
 */
beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

describe("explain.mean_output", () => {
  const data = buildDataset(simulate({ seed: DEFAULT_SEED, ...SIMULATION }), FEATURE_SPECS);
  const population: number[] = [];
  for (let i = 0; i < data.nRows; i++) if (!data.isTest[i]) population.push(i);
  const x = new Float32Array(population.length * data.nFeatures);
  population.forEach((r, j) => x.set(data.x.subarray(r * data.nFeatures, (r + 1) * data.nFeatures), j * data.nFeatures));

  it.each(readManifest().models.map((m) => [m.name, m] as const))("%s: the mean of onnxruntime's outputs over the training population", { timeout: 120_000 }, async (_name, entry) => {
    const session = await ort.InferenceSession.create(readModelFile(entry.file), { executionProviders: ["wasm"] });
    try {
      const out = await session.run({ [entry.input.name]: new ort.Tensor("float32", x, [population.length, data.nFeatures]) });
      const values = (entry.task === "regression" ? out.variable?.data : out.probabilities?.data) as Float32Array;
      const width = values.length / population.length;
      const mean = Array.from({ length: width }, (_, c) => {
        let s = 0;
        for (let r = 0; r < population.length; r++) s += values[r * width + c] as number;
        return s / population.length;
      });
      const shipped = entry.explain?.mean_output ?? [];
      expect(shipped).toHaveLength(width);
      // Six decimals in the manifest; the 0-100 sleep score's float32 sums differ a little more.
      mean.forEach((m, c) => expect(Math.abs(m - (shipped[c] as number))).toBeLessThan(1e-5 * Math.max(1, Math.abs(m))));
    } finally {
      await session.release();
    }
  });
});
