import type { ShapForest } from "@/lib/explain/tree-file";

/**
 * Personal trees in the layout of a decoded tree file (lib/explain/tree-file.ts): nodes in preorder, so a split's
 * left child is the next node and `right` is an index within the tree. Thresholds and values are float32 numbers.
 */
export type SmallTree = {
  /** The raw-score column this tree adds to. */
  output: number;
  /** -1 for a leaf. */
  feature: number[];
  threshold: number[];
  missingLeft: boolean[];
  right: number[];
  value: number[];
  /** Leaves: how many of the training rows reach them (TreeSHAP's cover). Splits: the sum of their children. */
  cover: number[];
};

/** The generic forest followed by `trees`: what the combined ONNX and tree file hold. The generic keeps its covers. */
export function appendTrees(base: ShapForest, trees: readonly SmallTree[]): ShapForest {
  const nBase = base.feature.length;
  const nTreesBase = base.treeOutput.length;
  const added = trees.reduce((s, t) => s + t.feature.length, 0);
  const n = nBase + added;
  const treeStart = new Uint32Array(nTreesBase + trees.length + 1);
  treeStart.set(base.treeStart);
  const treeOutput = new Uint8Array(nTreesBase + trees.length);
  treeOutput.set(base.treeOutput);
  const feature = new Int16Array(n);
  feature.set(base.feature);
  const missingLeft = new Uint8Array(n);
  missingLeft.set(base.missingLeft);
  const right = new Uint32Array(n);
  right.set(base.right);
  const threshold = new Float32Array(n);
  threshold.set(base.threshold);
  const value = new Float32Array(n);
  value.set(base.value);
  const cover = new Float64Array(n);
  cover.set(base.cover);
  let at = nBase;
  let maxDepth = base.maxDepth;
  trees.forEach((tree, i) => {
    treeOutput[nTreesBase + i] = tree.output;
    for (let j = 0; j < tree.feature.length; j++) {
      const f = tree.feature[j] as number;
      feature[at + j] = f;
      missingLeft[at + j] = tree.missingLeft[j] ? 1 : 0;
      right[at + j] = f < 0 ? 0 : at + (tree.right[j] as number);
      threshold[at + j] = f < 0 ? 0 : (tree.threshold[j] as number);
      value[at + j] = f < 0 ? (tree.value[j] as number) : 0;
      cover[at + j] = tree.cover[j] as number;
    }
    maxDepth = Math.max(maxDepth, depth(tree));
    at += tree.feature.length;
    treeStart[nTreesBase + i + 1] = at;
  });
  return { ...base, treeStart, treeOutput, feature, missingLeft, right, threshold, value, cover, maxDepth };
}

function depth(tree: SmallTree): number {
  let deepest = 0;
  const stack: [number, number][] = [[0, 0]];
  while (stack.length > 0) {
    const [node, d] = stack.pop() as [number, number];
    if ((tree.feature[node] as number) < 0) deepest = Math.max(deepest, d);
    else stack.push([node + 1, d + 1], [tree.right[node] as number, d + 1]);
  }
  return deepest;
}

/**
 * Raw scores (before sigmoid/softmax) of `nRows` rows of `x` (row-major float32, nFeatures wide): per row and output,
 * the float64 sum of the leaf values in tree order. The same walk as onnxruntime's BRANCH_LEQ with the missing flag.
 */
export function rawScores(forest: ShapForest, x: Float32Array, nRows: number): Float64Array {
  const { nFeatures, nOutputs, treeStart, treeOutput, feature, missingLeft, right, threshold, value } = forest;
  const out = new Float64Array(nRows * nOutputs);
  const nTrees = treeOutput.length;
  for (let r = 0; r < nRows; r++) {
    const base = r * nFeatures;
    for (let t = 0; t < nTrees; t++) {
      let node = treeStart[t] as number;
      let f = feature[node] as number;
      while (f >= 0) {
        const v = x[base + f] as number;
        const left = v !== v ? missingLeft[node] === 1 : v <= (threshold[node] as number);
        node = left ? node + 1 : (right[node] as number);
        f = feature[node] as number;
      }
      const o = r * nOutputs + (treeOutput[t] as number);
      out[o] = (out[o] as number) + (value[node] as number);
    }
  }
  return out;
}
