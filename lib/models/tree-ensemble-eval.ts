import type { ModelOutput } from "./model-output";
import type { TreeEnsembleModel } from "./onnx-tree-ensemble";

const f32 = Math.fround;

/**
 * One row through the ensemble, computed as onnxruntime's TreeEnsemble kernels compute it for a float32 input on one
 * thread (what the app runs: numThreads 1): every comparison between float32 values, `x <= threshold` or, for NaN,
 * the node's missing-value branch; leaf weights added to float32 scores in tree order, and the post-transform in
 * float32 arithmetic (ml_common.h: ComputeLogistic, ComputeSoftmax). Scores and labels come out bit for bit;
 * probabilities can differ from onnxruntime's by the last bit or two of a float32, where its `expf` rounds
 * differently from `Math.exp` (measured in tests/unit/models/tree-ensemble-parity.test.ts).
 */
export function evaluateTreeEnsemble(model: TreeEnsembleModel, features: Float32Array): ModelOutput {
  const scores = new Float32Array(model.nOutputs);
  const hasScore = new Uint8Array(model.nOutputs);
  const { feature, threshold, missingTrue, trueNode, falseNode, leafStart, leafCount, weightTarget, weightValue } = model;
  for (let t = 0; t < model.roots.length; t++) {
    let node = model.roots[t] as number;
    let f = feature[node] as number;
    while (f >= 0) {
      const x = features[f] as number;
      // `x !== x`: NaN. Any comparison with NaN is false, so NaN goes to the false branch unless the node says otherwise.
      node = (x <= (threshold[node] as number) || (missingTrue[node] === 1 && x !== x) ? trueNode[node] : falseNode[node]) as number;
      f = feature[node] as number;
    }
    const end = (leafStart[node] as number) + (leafCount[node] as number);
    for (let k = leafStart[node] as number; k < end; k++) {
      const target = weightTarget[k] as number;
      // A Float32Array element: the sum is rounded to float32 on every add, as onnxruntime's float accumulator is.
      scores[target] = (scores[target] as number) + (weightValue[k] as number);
      hasScore[target] = 1;
    }
  }
  if (model.kind === "regression") return { label: null, probabilities: null, value: scores[0] as number };
  if (model.kind === "binary") {
    const s = scores[0] as number;
    // onnxruntime's binary case with mixed-sign weights: the label is the raw score's sign, and the two probabilities
    // are each computed (not one as 1 - the other).
    return { label: (s > 0 ? model.labels[1] : model.labels[0]) as number, probabilities: [logistic(-s), logistic(s)], value: null };
  }
  let best = -1;
  for (let c = 0; c < scores.length; c++) {
    if (hasScore[c] === 1 && (best === -1 || (scores[c] as number) > (scores[best] as number))) best = c;
  }
  return { label: best === -1 ? null : (model.labels[best] as number), probabilities: softmax(scores), value: null };
}

/** ml_common.h ComputeLogistic, in float32: `1 / (1 + exp(-|v|))`, mirrored for negative v. */
export function logistic(v: number): number {
  const p = f32(1 / f32(1 + f32(Math.exp(-Math.abs(v)))));
  return v < 0 ? f32(1 - p) : p;
}

/** ml_common.h ComputeSoftmax, in float32: shifted by the largest score, summed in order, then divided. */
export function softmax(scores: Float32Array): number[] {
  let max = -3.4028234663852886e38; // -FLT_MAX, as onnxruntime starts
  for (const v of scores) if (v > max) max = v;
  const e = Array.from(scores, (v) => f32(Math.exp(f32(v - max))));
  let sum = 0;
  for (const v of e) sum = f32(sum + v);
  return e.map((v) => f32(v / sum));
}
