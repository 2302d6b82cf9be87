import type { Task, Tree, TreeEnsemble } from "../ensemble";
import { modelProtoType } from "./onnx-schema";

/** Thrown when an ONNX file is not a tree ensemble this reader (and the reference evaluator) understands. */
export class UnsupportedOnnxModelError extends Error {
  override name = "UnsupportedOnnxModelError";
}

type DecodedAttribute = { name: string; i?: unknown; s?: Uint8Array; ints?: unknown[]; floats?: number[]; strings?: Uint8Array[] };
type DecodedModel = {
  graph?: {
    node?: { op_type?: string; domain?: string; attribute?: DecodedAttribute[] }[];
    input?: { type?: { tensor_type?: { shape?: { dim?: { dim_value?: unknown }[] } } } }[];
  };
};

const decoder = new TextDecoder();

/**
 * Reads the trees back out of an ONNX TreeEnsembleClassifier/Regressor file: for the reference evaluator, so parity
 * tests compare onnxruntime against an independent walk of the very bytes that ship, not of the trainer's memory.
 * Supports what LightGBM converters emit: BRANCH_LEQ splits, one output column per tree, SUM aggregation.
 */
export function importOnnx(bytes: Uint8Array): TreeEnsemble {
  const type = modelProtoType();
  const model = type.toObject(type.decode(bytes), { longs: Number, defaults: false }) as DecodedModel;
  const node = model.graph?.node?.find((n) => n.op_type === "TreeEnsembleClassifier" || n.op_type === "TreeEnsembleRegressor");
  if (!node) throw new UnsupportedOnnxModelError("The model has no TreeEnsembleClassifier or TreeEnsembleRegressor node.");
  const attrs = new Map((node.attribute ?? []).map((a) => [a.name, a]));
  const nums = (name: string): number[] => (attrs.get(name)?.ints ?? attrs.get(name)?.floats ?? []).map(Number);
  const text = (name: string): string | undefined => {
    const s = attrs.get(name)?.s;
    return s === undefined ? undefined : decoder.decode(s);
  };
  const isClassifier = node.op_type === "TreeEnsembleClassifier";
  const prefix = isClassifier ? "class" : "target";
  const postTransform = text("post_transform") ?? "NONE";

  let task: Task;
  let nOutputs: number;
  if (isClassifier) {
    const nLabels = nums("classlabels_int64s").length;
    if (nLabels === 2 && nums("class_ids").every((c) => c === 0)) {
      task = "binary";
      nOutputs = 1;
      if (postTransform !== "LOGISTIC") throw new UnsupportedOnnxModelError(`Binary post_transform ${postTransform} is not supported (expected LOGISTIC).`);
    } else {
      task = "multiclass";
      nOutputs = nLabels;
      if (postTransform !== "SOFTMAX") throw new UnsupportedOnnxModelError(`Multiclass post_transform ${postTransform} is not supported (expected SOFTMAX).`);
    }
  } else {
    task = "regression";
    nOutputs = 1;
    if (postTransform !== "NONE") throw new UnsupportedOnnxModelError(`Regression post_transform ${postTransform} is not supported.`);
    const agg = text("aggregate_function") ?? "SUM";
    if (agg !== "SUM") throw new UnsupportedOnnxModelError(`aggregate_function ${agg} is not supported (expected SUM).`);
  }

  const treeIds = nums("nodes_treeids");
  const nodeIds = nums("nodes_nodeids");
  const featureIds = nums("nodes_featureids");
  const values = nums("nodes_values");
  const trueIds = nums("nodes_truenodeids");
  const falseIds = nums("nodes_falsenodeids");
  const missing = nums("nodes_missing_value_tracks_true");
  const modes = (attrs.get("nodes_modes")?.strings ?? []).map((s) => decoder.decode(s));

  // Per tree: ONNX node id → index in our arrays.
  const treeOrder: number[] = [];
  const index = new Map<number, Map<number, number>>();
  const trees = new Map<number, Tree>();
  const treeOf = (t: number): Tree => {
    let tree = trees.get(t);
    if (!tree) {
      tree = { feature: [], threshold: [], missingLeft: [], left: [], right: [], value: [] };
      trees.set(t, tree);
      index.set(t, new Map());
      treeOrder.push(t);
    }
    return tree;
  };
  for (let i = 0; i < treeIds.length; i++) {
    const t = treeIds[i] as number;
    const tree = treeOf(t);
    (index.get(t) as Map<number, number>).set(nodeIds[i] as number, tree.feature.length);
    const mode = modes[i];
    if (mode !== "LEAF" && mode !== "BRANCH_LEQ") throw new UnsupportedOnnxModelError(`Node mode ${mode} is not supported (only BRANCH_LEQ and LEAF).`);
    tree.feature.push(mode === "LEAF" ? -1 : (featureIds[i] as number));
    tree.threshold.push(Math.fround(values[i] as number));
    tree.missingLeft.push((missing[i] ?? 0) === 1);
    tree.left.push(trueIds[i] as number);
    tree.right.push(falseIds[i] as number);
    tree.value.push(0);
  }
  for (const t of treeOrder) {
    const tree = trees.get(t) as Tree;
    const ids = index.get(t) as Map<number, number>;
    const resolve = (id: number) => {
      const j = ids.get(id);
      if (j === undefined) throw new UnsupportedOnnxModelError(`Tree ${t} points to missing node ${id}.`);
      return j;
    };
    for (let n = 0; n < tree.feature.length; n++) {
      if ((tree.feature[n] as number) < 0) continue;
      tree.left[n] = resolve(tree.left[n] as number);
      tree.right[n] = resolve(tree.right[n] as number);
    }
  }

  const treeOutput = new Map<number, number>();
  const leafTrees = nums(`${prefix}_treeids`);
  const leafNodes = nums(`${prefix}_nodeids`);
  const leafTargets = nums(`${prefix}_ids`);
  const leafWeights = nums(`${prefix}_weights`);
  for (let i = 0; i < leafTrees.length; i++) {
    const t = leafTrees[i] as number;
    const tree = trees.get(t);
    const n = index.get(t)?.get(leafNodes[i] as number);
    if (!tree || n === undefined) throw new UnsupportedOnnxModelError(`A ${prefix} weight points to a missing node.`);
    const target = leafTargets[i] as number;
    if ((treeOutput.get(t) ?? target) !== target) throw new UnsupportedOnnxModelError(`Tree ${t} feeds more than one output.`);
    treeOutput.set(t, target);
    tree.value[n] = Math.fround((tree.value[n] as number) + (leafWeights[i] as number));
  }

  const dims = model.graph?.input?.[0]?.type?.tensor_type?.shape?.dim ?? [];
  const nFeatures = Number(dims[1]?.dim_value ?? 0);
  return {
    task,
    nFeatures,
    nOutputs,
    trees: treeOrder.map((t) => trees.get(t) as Tree),
    treeOutput: treeOrder.map((t) => treeOutput.get(t) ?? 0),
  };
}
