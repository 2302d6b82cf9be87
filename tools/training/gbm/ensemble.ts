/**
 * A trained gradient-boosted tree ensemble in memory: what the trainer produces, what the ONNX exporter writes and
 * what the reference evaluator walks. It mirrors the ONNX ai.onnx.ml TreeEnsemble semantics exactly:
 * a split sends a row to `left` ("true" branch) when `x <= threshold`, and a missing value (NaN) to `left` only when
 * `missingLeft` is set (ONNX `nodes_missing_value_tracks_true`). Thresholds and leaf values are float32.
 */
export type Tree = {
  /** Per node: the feature index of a split, or -1 for a leaf. Node 0 is the root. */
  feature: number[];
  threshold: number[];
  missingLeft: boolean[];
  left: number[];
  right: number[];
  /** Leaf value (0 for split nodes); the contribution of this tree to its output column. */
  value: number[];
};

export type Task = "multiclass" | "binary" | "regression";

export type TreeEnsemble = {
  task: Task;
  nFeatures: number;
  /** Raw score columns: number of classes for multiclass, 1 for binary (the logit) and regression. */
  nOutputs: number;
  trees: Tree[];
  /** For each tree, the raw score column it adds to. */
  treeOutput: number[];
};

export function countNodes(ensemble: TreeEnsemble): { nodes: number; leaves: number } {
  let nodes = 0;
  let leaves = 0;
  for (const t of ensemble.trees) {
    nodes += t.feature.length;
    for (const f of t.feature) if (f < 0) leaves += 1;
  }
  return { nodes, leaves };
}
