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
import { foldCalibration, fitCalibration, type Calibration } from "@/tools/training/gbm/calibrate";
import { predict, rawScores } from "@/tools/training/gbm/reference-evaluator";
import { buildDataset, isCalibrationPerson, type Dataset } from "./dataset";
import { fitLinear, predictLinear } from "./linear-baseline";
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
    const { ensemble, metrics, populationRows } = trainOne(def, data, options.seed + i + 1);
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
    const explain = writeExplainFile(def, onnx, populationRows, options.outDir);
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
function writeExplainFile(def: ModelDefinition, onnx: Uint8Array, population: { x: Float32Array; nRows: number }, outDir: string): ExplainFile {
  const shipped = importOnnx(onnx);
  const bytes = writeTreeFile(shipped, leafCovers(shipped, population.x, population.nRows));
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
    mean_output: meanOutput(shipped, population),
  };
}

/**
 * The mean of the shipped model's output over the training population's rows (every row of a non-test person):
 * binary [mean(1 − p), mean(p)], multiclass the mean probability per class, regression [mean value]. Computed from the
 * trees read back from the ONNX bytes, through the reference evaluator (= onnxruntime's arithmetic). Rounded to six
 * decimals like the metrics, for stable manifest text.
 */
function meanOutput(shipped: TreeEnsemble, population: { x: Float32Array; nRows: number }): number[] {
  const width = shipped.task === "regression" ? 1 : shipped.task === "binary" ? 2 : shipped.nOutputs;
  const sums = new Array<number>(width).fill(0);
  for (let r = 0; r < population.nRows; r++) {
    const p = predict(shipped, population.x.subarray(r * shipped.nFeatures, (r + 1) * shipped.nFeatures));
    const values = p.probabilities ?? [p.value as number];
    for (let c = 0; c < width; c++) sums[c] = (sums[c] as number) + (values[c] as number);
  }
  return sums.map((s) => Number((s / population.nRows).toFixed(6)));
}

/**
 * Trains one model. Regressions fit on every training person; classifiers fit on the training people minus the
 * calibration people (isCalibrationPerson), whose rows then fit the Platt / vector scaling that is folded into the
 * trees. The test people are used only by `evaluate`.
 */
function trainOne(
  def: ModelDefinition,
  data: Dataset,
  seed: number,
): { ensemble: TreeEnsemble; metrics: Record<string, number>; populationRows: { x: Float32Array; nRows: number } } {
  const calibrate = def.task !== "regression";
  const fitIdx: number[] = [];
  const calibrationIdx: number[] = [];
  const testIdx: number[] = [];
  const populationIdx: number[] = [];
  for (let i = 0; i < data.nRows; i++) {
    if (data.isTest[i]) {
      testIdx.push(i);
      continue;
    }
    populationIdx.push(i);
    (calibrate && isCalibrationPerson(data.person[i] as number) ? calibrationIdx : fitIdx).push(i);
  }
  const y = data.targets[def.target];
  const pick = (idx: number[]) => {
    const x = new Float32Array(idx.length * data.nFeatures);
    idx.forEach((r, j) => x.set(data.x.subarray(r * data.nFeatures, (r + 1) * data.nFeatures), j * data.nFeatures));
    return { x, y: Float64Array.from(idx, (r) => y[r] as number) };
  };
  const tr = pick(fitIdx);
  const te = pick(testIdx);
  const raw = train(
    { x: tr.x, y: tr.y, nRows: fitIdx.length, nFeatures: data.nFeatures },
    { ...def.training, task: def.task, objective: objectiveFor(def), seed },
  );
  let ensemble = raw;
  let calibration: Calibration | undefined;
  if (calibrate) {
    const cal = pick(calibrationIdx);
    const scores = new Float64Array(calibrationIdx.length * raw.nOutputs);
    for (let j = 0; j < calibrationIdx.length; j++) {
      scores.set(rawScores(raw, cal.x.subarray(j * data.nFeatures, (j + 1) * data.nFeatures)), j * raw.nOutputs);
    }
    calibration = fitCalibration(scores, cal.y, raw.nOutputs);
    ensemble = foldCalibration(raw, calibration);
  }
  const linearModel = fitLinear(tr.x, tr.y, data.nFeatures, def.task, def.labels?.length ?? 1);
  const linear = testIdx.map((_, j) => predictLinear(linearModel, te.x.subarray(j * data.nFeatures, (j + 1) * data.nFeatures)));
  const metrics = evaluate(ensemble, {
    x: te.x,
    nFeatures: data.nFeatures,
    y: te.y,
    yTrain: tr.y,
    persistence: Float64Array.from(testIdx, (r) => data.persistence[def.target][r] as number),
    recent: Float64Array.from(testIdx, (r) => data.recent[def.target][r] as number),
    linear,
    ...(calibrate ? { uncalibrated: raw } : {}),
    mainMetric: def.mainMetric,
  });
  if (calibration) {
    calibration.scale.forEach((a, c) => (metrics[`calibration_scale_${c}`] = Number(a.toFixed(6))));
    calibration.bias.forEach((b, c) => (metrics[`calibration_bias_${c}`] = Number(b.toFixed(6))));
    metrics.calibration_rows = calibrationIdx.length;
  }
  return { ensemble, metrics, populationRows: { x: pick(populationIdx).x, nRows: populationIdx.length } };
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
