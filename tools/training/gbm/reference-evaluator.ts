import type { Tree, TreeEnsemble } from "./ensemble";

export type Prediction = { label: number | null; probabilities: number[] | null; value: number | null };

/** The leaf a row lands in. NaN follows `missingLeft`, as onnxruntime does with `nodes_missing_value_tracks_true`. */
export function leafIndex(tree: Tree, row: ArrayLike<number>): number {
  let node = 0;
  let feature = tree.feature[node] as number;
  while (feature >= 0) {
    const x = row[feature] as number;
    const goLeft = Number.isNaN(x) ? (tree.missingLeft[node] as boolean) : x <= (tree.threshold[node] as number);
    node = (goLeft ? tree.left[node] : tree.right[node]) as number;
    feature = tree.feature[node] as number;
  }
  return node;
}

/**
 * Raw scores, summed in float32 in tree order. onnxruntime's TreeEnsemble kernels accumulate float inputs in float32
 * in the same order, so matching the rounding here is what makes parity hold to ~1e-7 instead of "roughly".
 */
export function rawScores(ensemble: TreeEnsemble, row: ArrayLike<number>): Float32Array {
  const scores = new Float32Array(ensemble.nOutputs);
  for (let t = 0; t < ensemble.trees.length; t++) {
    const tree = ensemble.trees[t] as Tree;
    const out = ensemble.treeOutput[t] as number;
    scores[out] = (scores[out] as number) + (tree.value[leafIndex(tree, row)] as number);
  }
  return scores;
}

/** The model's outputs as onnxruntime reports them: label + probabilities for classifiers, value for regression. */
export function predict(ensemble: TreeEnsemble, row: ArrayLike<number>): Prediction {
  const scores = rawScores(ensemble, row);
  if (ensemble.task === "regression") return { label: null, probabilities: null, value: scores[0] as number };
  if (ensemble.task === "binary") {
    const p = Math.fround(sigmoid(scores[0] as number));
    return { label: p > 0.5 ? 1 : 0, probabilities: [Math.fround(1 - p), p], value: null };
  }
  const probabilities = softmax(Array.from(scores)).map(Math.fround);
  return { label: argmax(probabilities), probabilities, value: null };
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export function softmax(z: readonly number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Index of the largest value; the first one on ties (as onnxruntime picks). */
export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) > (values[best] as number)) best = i;
  return best;
}
