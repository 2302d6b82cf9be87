import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { FEATURE_SPECS } from "@/lib/features/feature-specs";
import { countNodes, type TreeEnsemble } from "@/tools/training/gbm/ensemble";
import { l2, logistic, softmaxObjective, type Objective } from "@/tools/training/gbm/objectives";
import { CLASSIFIER_OUTPUTS, exportOnnx, INPUT_NAME, REGRESSOR_OUTPUTS } from "@/tools/training/gbm/onnx/export";
import { train } from "@/tools/training/gbm/train";
import { importOnnx } from "@/tools/training/gbm/onnx/import";
import { leafCovers, writeTreeFile } from "@/tools/training/gbm/explain/write-tree-file";
import { manifestSchema, type ExplainFile, type Manifest, type ModelEntry } from "@/lib/models/manifest-schema";
import { buildDataset, type Dataset } from "./dataset";
import { evaluate } from "./evaluate";
import { MODEL_DEFINITIONS, type ModelDefinition } from "./model-definitions";
import { simulate } from "./simulate";

export const DEFAULT_SEED = 20261129;
export const SIMULATION = { people: 500, minDays: 60, maxDays: 120 } as const;

export type BuildOptions = { seed: number; outDir: string; log?: (line: string) => void };
export type BuildResult = { manifest: Manifest; files: string[]; timings: Record<string, number> };

/**
 * The whole pipeline: simulate → features (lib/features, as in the app) → split by person → train → evaluate →
 * export ONNX → content-hashed file + gzip variant → manifest. No clock, locale or Math.random reaches the output,
 * so the same seed writes byte-identical files.
 */
export function buildModels(options: BuildOptions): BuildResult {
  const log = options.log ?? (() => {});
  const timings: Record<string, number> = {};
  let t = performance.now();
  const people = simulate({ seed: options.seed, ...SIMULATION });
  const data = buildDataset(people, FEATURE_SPECS);
  timings.data_seconds = (performance.now() - t) / 1000;
  log(`simulated ${people.length} people, ${data.nRows} check-ins in ${timings.data_seconds.toFixed(1)} s`);

  mkdirSync(options.outDir, { recursive: true });
  const entries: ModelEntry[] = [];
  const files: string[] = [];
  for (const [i, def] of MODEL_DEFINITIONS.entries()) {
    t = performance.now();
    const { ensemble, metrics, trainRows } = trainOne(def, data, options.seed + i + 1);
    const onnx = exportOnnx(ensemble, {
      graphName: def.name,
      docString: `${def.title}: ${def.description} Trained on synthetic data by \`npm run models\`; a demonstration, not medical advice.`,
      metadata: {
        name: def.name,
        version: def.version,
        prediction_type: def.prediction_type,
        feature_names: FEATURE_SPECS.map((f) => f.name).join(","),
        ...(def.labels ? { labels: def.labels.join(",") } : {}),
        seed: String(options.seed),
      },
    });
    const sha256 = sha256Hex(onnx);
    const file = `${def.name}.${sha256.slice(0, 12)}.onnx`;
    // Level 9 and no file name/mtime in the header (Node writes none): stable bytes.
    const gz = gzipSync(onnx, { level: 9 });
    writeFileSync(join(options.outDir, file), onnx);
    writeFileSync(join(options.outDir, `${file}.gz`), gz);
    files.push(file, `${file}.gz`);
    const explain = writeExplainFile(def, onnx, trainRows, options.outDir);
    files.push(explain.file, explain.compressed?.file ?? explain.file);
    entries.push({ ...manifestEntry(def, ensemble, file, onnx, gz, sha256, metrics), explain });
    const seconds = (performance.now() - t) / 1000;
    timings[`${def.name}_seconds`] = seconds;
    const { nodes, leaves } = countNodes(ensemble);
    log(
      `${def.name}: ${ensemble.trees.length} trees, ${nodes} nodes, ${leaves} leaves, ${(onnx.length / 1e6).toFixed(2)} MB ` +
        `(gzip ${(gz.length / 1e6).toFixed(2)} MB, ${(onnx.length / gz.length).toFixed(1)}x) in ${seconds.toFixed(1)} s; ` +
        JSON.stringify(metrics),
    );
  }

  const manifest = manifestSchema.parse({ schema_version: 1, models: entries });
  writeFileSync(join(options.outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  files.push("manifest.json");
  // Old content-hashed files would otherwise pile up beside the new ones.
  for (const name of readdirSync(options.outDir)) {
    if (/\.(onnx|trees)(\.gz)?$/.test(name) && !files.includes(name)) rmSync(join(options.outDir, name));
  }
  return { manifest, files, timings };
}

/**
 * The tree file behind "Why?": the trees read back from the ONNX bytes just written (so explanations are of the very
 * model that ships, not of the trainer's memory) and their covers from the training rows. Content-hashed and gzipped
 * like the model; the app checks both hashes as it does for models.
 */
function writeExplainFile(def: ModelDefinition, onnx: Uint8Array, trainRows: { x: Float32Array; nRows: number }, outDir: string): ExplainFile {
  const shipped = importOnnx(onnx);
  const bytes = writeTreeFile(shipped, leafCovers(shipped, trainRows.x, trainRows.nRows));
  const sha256 = sha256Hex(bytes);
  const file = `${def.name}.${sha256.slice(0, 12)}.trees`;
  const gz = gzipSync(bytes, { level: 9 });
  writeFileSync(join(outDir, file), bytes);
  writeFileSync(join(outDir, `${file}.gz`), gz);
  return {
    format: "treeshap-v1",
    file,
    bytes: bytes.length,
    sha256,
    compressed: { encoding: "gzip", file: `${file}.gz`, bytes: gz.length, sha256: sha256Hex(gz) },
  };
}

function trainOne(
  def: ModelDefinition,
  data: Dataset,
  seed: number,
): { ensemble: TreeEnsemble; metrics: Record<string, number>; trainRows: { x: Float32Array; nRows: number } } {
  const trainIdx: number[] = [];
  const testIdx: number[] = [];
  for (let i = 0; i < data.nRows; i++) (data.isTest[i] ? testIdx : trainIdx).push(i);
  const y = data.targets[def.target];
  const pick = (idx: number[]) => {
    const x = new Float32Array(idx.length * data.nFeatures);
    idx.forEach((r, j) => x.set(data.x.subarray(r * data.nFeatures, (r + 1) * data.nFeatures), j * data.nFeatures));
    return { x, y: Float64Array.from(idx, (r) => y[r] as number) };
  };
  const tr = pick(trainIdx);
  const te = pick(testIdx);
  const ensemble = train(
    { x: tr.x, y: tr.y, nRows: trainIdx.length, nFeatures: data.nFeatures },
    { ...def.training, task: def.task, objective: objectiveFor(def), seed },
  );
  const persistence =
    def.target === "moodClass"
      ? Float64Array.from(testIdx, (r) => data.today.moodClass[r] as number)
      : def.target === "stressTomorrow"
        ? Float64Array.from(testIdx, (r) => data.today.stress[r] as number)
        : undefined;
  const metrics = evaluate(ensemble, { x: te.x, nFeatures: data.nFeatures, y: te.y, yTrain: tr.y, persistence });
  return { ensemble, metrics, trainRows: { x: tr.x, nRows: trainIdx.length } };
}

function objectiveFor(def: ModelDefinition): Objective {
  if (def.task === "regression") return l2;
  if (def.task === "binary") return logistic;
  return softmaxObjective(def.labels?.length ?? 3);
}

function manifestEntry(
  def: ModelDefinition,
  ensemble: TreeEnsemble,
  file: string,
  onnx: Uint8Array,
  gz: Uint8Array,
  sha256: string,
  metrics: Record<string, number>,
): ModelEntry {
  const batch = -1;
  const isClassifier = def.task !== "regression";
  const nClasses = def.labels?.length ?? 1;
  return {
    name: def.name,
    version: def.version,
    prediction_type: def.prediction_type,
    task: def.task,
    title: def.title,
    description: def.description,
    file,
    bytes: onnx.length,
    sha256,
    compressed: { encoding: "gzip", file: `${file}.gz`, bytes: gz.length, sha256: sha256Hex(gz) },
    input: { name: INPUT_NAME, dtype: "float32", shape: [batch, ensemble.nFeatures] },
    features: FEATURE_SPECS.map((f) => ({ ...f })),
    outputs: isClassifier
      ? [
          { name: CLASSIFIER_OUTPUTS[0], dtype: "int64", shape: [batch] },
          { name: CLASSIFIER_OUTPUTS[1], dtype: "float32", shape: [batch, nClasses] },
        ]
      : [{ name: REGRESSOR_OUTPUTS[0], dtype: "float32", shape: [batch, 1] }],
    ...(def.labels ? { labels: def.labels } : {}),
    ...(def.targetSpec ? { target: def.targetSpec } : {}),
    metrics,
  };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
