import type { TreeEnsemble } from "@/tools/training/gbm/ensemble";
import { accuracy, auc, binaryLogLoss, mae, multiclassLogLoss, r2, rmse } from "@/tools/training/gbm/metrics";
import { predict } from "@/tools/training/gbm/reference-evaluator";

export type EvaluationSet = {
  x: Float32Array;
  nFeatures: number;
  y: Float64Array;
  /** The training labels: baselines are fitted on these only. */
  yTrain: Float64Array;
  /** "Tomorrow is like today" predictions, where such a baseline makes sense. */
  persistence?: Float64Array;
};

/**
 * Held-out metrics of the model (through the reference evaluator, i.e. exactly what onnxruntime computes) next to a
 * naive baseline fitted on the training labels: class priors / majority class, or the training mean.
 */
export function evaluate(ensemble: TreeEnsemble, set: EvaluationSet): Record<string, number> {
  const n = set.y.length;
  const rows = Array.from({ length: n }, (_, i) => set.x.subarray(i * set.nFeatures, (i + 1) * set.nFeatures));
  const preds = rows.map((r) => predict(ensemble, r));
  const out: Record<string, number> = {};
  if (ensemble.task === "regression") {
    const values = preds.map((p) => p.value as number);
    const mean = set.yTrain.reduce((a, b) => a + b, 0) / set.yTrain.length;
    const constant = new Array<number>(n).fill(mean);
    out.rmse = rmse(set.y, values);
    out.mae = mae(set.y, values);
    out.r2 = r2(set.y, values);
    out.baseline_rmse = rmse(set.y, constant);
    out.baseline_mae = mae(set.y, constant);
    if (set.persistence) out.persistence_rmse = rmse(set.y, set.persistence);
  } else {
    const k = ensemble.task === "binary" ? 2 : ensemble.nOutputs;
    const prior = new Array<number>(k).fill(0);
    for (const v of set.yTrain) prior[v] = (prior[v] as number) + 1 / set.yTrain.length;
    const majority = prior.indexOf(Math.max(...prior));
    const labels = preds.map((p) => p.label as number);
    out.accuracy = accuracy(set.y, labels);
    out.baseline_accuracy = accuracy(set.y, new Array<number>(n).fill(majority));
    if (ensemble.task === "binary") {
      const p1 = preds.map((p) => (p.probabilities as number[])[1] as number);
      out.auc = auc(set.y, p1);
      out.log_loss = binaryLogLoss(set.y, p1);
      out.baseline_auc = 0.5;
      out.baseline_log_loss = binaryLogLoss(set.y, new Array<number>(n).fill(prior[1] as number));
      out.prevalence = set.y.reduce((a, b) => a + b, 0) / n;
    } else {
      const probs = preds.flatMap((p) => p.probabilities as number[]);
      out.log_loss = multiclassLogLoss(set.y, probs, k);
      out.baseline_log_loss = multiclassLogLoss(set.y, Array.from({ length: n }, () => prior).flat(), k);
      if (set.persistence) out.persistence_accuracy = accuracy(set.y, set.persistence);
    }
  }
  out.test_rows = n;
  out.train_rows = set.yTrain.length;
  // Six decimals: enough to compare runs, and stable text in the manifest.
  for (const key of Object.keys(out)) out[key] = Number((out[key] as number).toFixed(6));
  return out;
}
