import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import * as ort from "onnxruntime-web/wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { FEATURE_SPECS } from "@/lib/features/feature-specs";
import { PREDICTION_TYPES } from "@/lib/domain/prediction";
import { MODELS_DIR, readManifest, readModelFile } from "./bundled-models";

const MB = 1_000_000;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** The contract in /work/notes/contracts.md (issue 3): names, types, tasks and outputs of the five bundled models. */
const CONTRACT = [
  { name: "lgbm_multiclass_v1", type: "mood_tomorrow", task: "multiclass", labels: ["low", "steady", "high"] },
  { name: "lgbm_burnout_v1", type: "burnout_risk", task: "binary", labels: ["no", "yes"] },
  { name: "lgbm_sleep_quality_v1", type: "sleep_quality", task: "regression", labels: undefined },
  { name: "lgbm_stress_forecast_v1", type: "stress_forecast", task: "regression", labels: undefined },
  { name: "lgbm_energy_dip_v1", type: "energy_dip", task: "binary", labels: ["no", "yes"] },
] as const;

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

describe("public/models/manifest.json", () => {
  const manifest = readManifest();

  it("lists the five contracted models, one per prediction type", () => {
    expect(manifest.models.map((m) => [m.name, m.prediction_type, m.task, m.labels])).toEqual(
      CONTRACT.map((c) => [c.name, c.type, c.task, c.labels]),
    );
    expect(new Set(manifest.models.map((m) => m.prediction_type))).toEqual(new Set(PREDICTION_TYPES));
  });

  it("describes inputs and outputs as onnxruntime sees them", () => {
    for (const m of manifest.models) {
      expect(m.input).toEqual({ name: "input", dtype: "float32", shape: [-1, FEATURE_SPECS.length] });
      expect(m.features).toEqual(FEATURE_SPECS);
      if (m.task === "regression") {
        expect(m.outputs).toEqual([{ name: "variable", dtype: "float32", shape: [-1, 1] }]);
        expect(m.target).toBeDefined();
      } else {
        expect(m.outputs).toEqual([
          { name: "label", dtype: "int64", shape: [-1] },
          { name: "probabilities", dtype: "float32", shape: [-1, m.labels?.length] },
        ]);
      }
    }
  });

  it("matches the files byte for byte (size, sha256, content-hashed name)", () => {
    for (const m of manifest.models) {
      const bytes = readModelFile(m.file);
      expect(bytes.length).toBe(m.bytes);
      expect(sha256(bytes)).toBe(m.sha256);
      expect(m.file).toBe(`${m.name}.${m.sha256.slice(0, 12)}.onnx`);
    }
  });

  it("lists a gzip variant whose bytes and hash match, and that decompresses to the model", () => {
    for (const m of manifest.models) {
      const c = m.compressed;
      expect(c?.file).toBe(`${m.file}.gz`);
      const gz = readModelFile(c?.file ?? "");
      expect(gz.length).toBe(c?.bytes);
      expect(sha256(gz)).toBe(c?.sha256);
      expect(sha256(gunzipSync(gz))).toBe(m.sha256);
    }
  });

  it("keeps the sizes of the models it reimplements: every model ≥ 1 MB, ≥ 10 MB in all", () => {
    for (const m of manifest.models) expect(m.bytes).toBeGreaterThanOrEqual(MB);
    expect(manifest.models.reduce((s, m) => s + m.bytes, 0)).toBeGreaterThanOrEqual(10 * MB);
  });

  it("records held-out metrics that beat the naive baseline", () => {
    for (const m of manifest.models) {
      if (m.task === "regression") expect(m.metrics.rmse).toBeLessThan(m.metrics.base_rate_rmse as number);
      else expect(m.metrics.log_loss).toBeLessThan(m.metrics.base_rate_log_loss as number);
    }
  });

  it("has no stray model files beside the listed ones", () => {
    const listed = new Set(manifest.models.flatMap((m) => [m.file, m.compressed?.file]));
    const onDisk = readdirSync(MODELS_DIR).filter((f) => /\.onnx(\.gz)?$/.test(f));
    expect(onDisk.filter((f) => !listed.has(f))).toEqual([]);
    for (const f of listed) expect(existsSync(join(MODELS_DIR, f ?? ""))).toBe(true);
  });

  it.each(manifest.models.map((m) => [m.name, m] as const))(
    "%s loads in onnxruntime-web and returns the declared outputs",
    { timeout: 60_000 },
    async (_name, m) => {
      const session = await ort.InferenceSession.create(readModelFile(m.file), { executionProviders: ["wasm"] });
      try {
        expect(session.inputNames).toEqual([m.input.name]);
        expect(session.outputNames).toEqual(m.outputs.map((o) => o.name));
        const n = 3;
        const x = new Float32Array(n * m.features.length).fill(Number.NaN);
        x.set(m.features.map((f) => (f.min + f.max) / 2));
        const out = await session.run({ [m.input.name]: new ort.Tensor("float32", x, [n, m.features.length]) });
        for (const spec of m.outputs) {
          const t = out[spec.name];
          expect(t?.type).toBe(spec.dtype);
          expect(t?.dims).toEqual(spec.shape.map((d) => (d === -1 ? n : d)));
        }
        if (m.task !== "regression") {
          const probs = out.probabilities?.data as Float32Array;
          const k = m.labels?.length ?? 0;
          for (let i = 0; i < n; i++) {
            const row = Array.from(probs.subarray(i * k, (i + 1) * k));
            expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
          }
        }
      } finally {
        await session.release();
      }
    },
  );
});
