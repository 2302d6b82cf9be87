import type { TreeEnsemble } from "@/tools/training/gbm/ensemble";
import {
  accuracy,
  auc,
  binaryBrier,
  binaryLogLoss,
  expectedCalibrationError,
  mae,
  multiclassBrier,
  multiclassLogLoss,
  r2,
  rmse,
  topLabelEce,
} from "@/tools/training/gbm/metrics";
import { predict } from "@/tools/training/gbm/reference-evaluator";
import { type MainMetric, MAIN_METRIC_DIRECTION } from "./model-definitions";

export type EvaluationSet = {
  x: Float32Array;
  nFeatures: number;
  y: Float64Array;
  /** The training labels: the base rate / mean is fitted on these only. */
  yTrain: Float64Array;
  /** "Tomorrow is like today", as a value / 0-1 / class per row; NaN falls back to the base rate. */
  persistence: Float64Array;
  /** The person's own last 7 days: a value (regression), a probability (binary), a class (multiclass); NaN as above. */
  recent: Float64Array;
  /** The linear baseline's prediction per row: [value], [p(yes)] or class probabilities. */
  linear: number[][];
  /** The model before calibration was folded into it (classifiers), for ECE and Brier before/after. */
  uncalibrated?: TreeEnsemble;
  mainMetric: MainMetric;
};

/**
 * Held-out metrics of the model (through the reference evaluator, i.e. exactly what onnxruntime computes) next to
 * every baseline on the same rows: `base_rate_*` (class priors / training mean), `persistence_*`, `mean7d_*`,
 * `linear_*`, and `beats_persistence` / `beats_linear` (1 or 0) on the model's main metric. docs/models.md says
 * what each baseline is per model.
 */
export function evaluate(ensemble: TreeEnsemble, set: EvaluationSet): Record<string, number> {
  const n = set.y.length;
  const rows = Array.from({ length: n }, (_, i) => set.x.subarray(i * set.nFeatures, (i + 1) * set.nFeatures));
  const out: Record<string, number> = {};
  const put = (prefix: string, metrics: Record<string, number>) => {
    for (const [k, v] of Object.entries(metrics)) out[`${prefix}${k}`] = v;
  };
  const task = ensemble.task;
  if (task === "regression") {
    const mean = average(set.yTrain);
    const orMean = (v: number) => (Number.isNaN(v) ? mean : v);
    const model = rows.map((r) => predict(ensemble, r).value as number);
    put("", { ...regression(set.y, model), r2: r2(set.y, model) });
    put("base_rate_", regression(set.y, new Array<number>(n).fill(mean)));
    put("persistence_", regression(set.y, Array.from(set.persistence, orMean)));
    put("mean7d_", regression(set.y, Array.from(set.recent, orMean)));
    put("linear_", regression(set.y, set.linear.map((p) => p[0] as number)));
  } else if (task === "binary") {
    const prior = average(set.yTrain);
    const orPrior = (v: number) => (Number.isNaN(v) ? prior : v);
    const model = rows.map((r) => (predict(ensemble, r).probabilities as number[])[1] as number);
    put("", { ...binaryForecast(set.y, model), auc: auc(set.y, model) });
    out.prevalence = average(set.y);
    put("base_rate_", binaryForecast(set.y, new Array<number>(n).fill(prior)));
    put("persistence_", hardBinary(set.y, Array.from(set.persistence, orPrior)));
    put("mean7d_", hardBinary(set.y, Array.from(set.recent, orPrior)));
    const linear = set.linear.map((p) => p[0] as number);
    put("linear_", { ...binaryForecast(set.y, linear), auc: auc(set.y, linear) });
    if (set.uncalibrated) {
      const raw = rows.map((r) => (predict(set.uncalibrated as TreeEnsemble, r).probabilities as number[])[1] as number);
      put("uncalibrated_", { brier: binaryBrier(set.y, raw), ece: expectedCalibrationError(set.y, raw) });
    }
  } else {
    const k = ensemble.nOutputs;
    const prior = new Array<number>(k).fill(0);
    for (const v of set.yTrain) prior[v] = (prior[v] as number) + 1 / set.yTrain.length;
    const model = rows.map((r) => predict(ensemble, r).probabilities as number[]);
    put("", multiclassForecast(set.y, model, k));
    put("base_rate_", multiclassForecast(set.y, Array.from({ length: n }, () => prior), k));
    put("persistence_", { accuracy: accuracy(set.y, set.persistence) });
    put("mean7d_", { accuracy: accuracy(set.y, set.recent) });
    put("linear_", multiclassForecast(set.y, set.linear, k));
    if (set.uncalibrated) {
      const raw = rows.map((r) => predict(set.uncalibrated as TreeEnsemble, r).probabilities as number[]);
      const { brier, ece } = multiclassForecast(set.y, raw, k);
      put("uncalibrated_", { brier: brier as number, ece: ece as number });
    }
  }
  const better = (baseline: number | undefined) => {
    const mine = out[set.mainMetric] as number;
    if (baseline === undefined) throw new Error(`no baseline value for ${set.mainMetric}`);
    return MAIN_METRIC_DIRECTION[set.mainMetric] === "lower" ? mine < baseline : mine > baseline;
  };
  out.beats_persistence = better(out[`persistence_${set.mainMetric}`]) ? 1 : 0;
  out.beats_linear = better(out[`linear_${set.mainMetric}`]) ? 1 : 0;
  out.test_rows = n;
  out.train_rows = set.yTrain.length;
  // Six decimals: enough to compare runs, and stable text in the manifest.
  for (const key of Object.keys(out)) out[key] = Number((out[key] as number).toFixed(6));
  return out;
}

function average(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] as number;
  return s / values.length;
}

function regression(y: Float64Array, pred: number[]): Record<string, number> {
  return { mae: mae(y, pred), rmse: rmse(y, pred) };
}

function binaryForecast(y: Float64Array, p: number[]): Record<string, number> {
  return {
    brier: binaryBrier(y, p),
    log_loss: binaryLogLoss(y, p),
    accuracy: accuracy(y, p.map((v) => (v > 0.5 ? 1 : 0))),
    ece: expectedCalibrationError(y, p),
  };
}

/** A 0/1 rule (or the base rate where it has nothing to go on) scored as a forecast: Brier = its error rate. */
function hardBinary(y: Float64Array, p: number[]): Record<string, number> {
  return { brier: binaryBrier(y, p), accuracy: accuracy(y, p.map((v) => (v > 0.5 ? 1 : 0))) };
}

function multiclassForecast(y: Float64Array, probs: number[][], k: number): Record<string, number> {
  const flat = probs.flat();
  const labels = probs.map((p) => p.indexOf(Math.max(...p)));
  return {
    accuracy: accuracy(y, labels),
    log_loss: multiclassLogLoss(y, flat, k),
    brier: multiclassBrier(y, flat, k),
    ece: topLabelEce(y, flat, k),
  };
}
