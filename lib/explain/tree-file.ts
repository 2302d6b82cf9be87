import { TreeFileError } from "./errors";

/**
 * The compact tree file ("*.trees") that the model pipeline writes next to each .onnx: the very trees of the ONNX
 * TreeEnsemble (same float32 thresholds and leaf values, same missing-value branches), plus how many training rows
 * reached each leaf (the "cover" TreeSHAP weighs paths by, which ONNX does not hold).
 *
 * Layout (little-endian), nodes of each tree in preorder so a split's left child is the next node:
 *
 *   0  "TSHP"  u8 version  u8 task (0 regression, 1 binary, 2 multiclass)  u8 nOutputs  u8 nFeatures
 *   8  u32 nTrees  u32 nNodes  u32 nSplits  u32 nLeaves
 *  24  f32 threshold[nSplits]  f32 leafValue[nLeaves]  f32 leafCover[nLeaves]
 *      u16 nodesPerTree[nTrees]  u16 rightChild[nSplits] (index within its tree)
 *      u8 treeOutput[nTrees]  u8 nodeFeature[nNodes] (LEAF, or the feature index | MISSING_LEFT)
 *
 * Struct-of-arrays so that gzip finds the repetition (thresholds are bin edges, covers are small integers).
 */
export const TREE_FILE_MAGIC = "TSHP";
export const TREE_FILE_VERSION = 1;
export const TREE_FILE_HEADER_BYTES = 24;
export const LEAF = 0xff;
export const MISSING_LEFT = 0x80;
export const TASK_CODES = ["regression", "binary", "multiclass"] as const;
export type ForestTask = (typeof TASK_CODES)[number];

/**
 * A decoded forest, one entry per node across all trees (global indices). `left` of a split is always `n + 1`.
 * `cover` holds every node's training-row count (a split's is the sum of its children's).
 */
export type ShapForest = {
  task: ForestTask;
  nFeatures: number;
  nOutputs: number;
  /** treeStart[t] .. treeStart[t + 1]: the nodes of tree t. */
  treeStart: Uint32Array;
  treeOutput: Uint8Array;
  /** -1 for a leaf. */
  feature: Int16Array;
  missingLeft: Uint8Array;
  right: Uint32Array;
  threshold: Float32Array;
  value: Float32Array;
  cover: Float64Array;
  /** Deepest root-to-leaf path in splits, for sizing TreeSHAP's path buffer. */
  maxDepth: number;
};

export function decodeTreeFile(bytes: Uint8Array): ShapForest {
  if (bytes.length < TREE_FILE_HEADER_BYTES) throw new TreeFileError(`only ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== TREE_FILE_MAGIC) throw new TreeFileError(`it starts with "${magic}" instead of "${TREE_FILE_MAGIC}"`);
  const version = view.getUint8(4);
  if (version !== TREE_FILE_VERSION) throw new TreeFileError(`version ${version}; this app reads version ${TREE_FILE_VERSION}`);
  const task = TASK_CODES[view.getUint8(5)];
  if (!task) throw new TreeFileError(`unknown task code ${view.getUint8(5)}`);
  const nOutputs = view.getUint8(6);
  const nFeatures = view.getUint8(7);
  const nTrees = view.getUint32(8, true);
  const nNodes = view.getUint32(12, true);
  const nSplits = view.getUint32(16, true);
  const nLeaves = view.getUint32(20, true);
  if (nSplits + nLeaves !== nNodes) throw new TreeFileError("split and leaf counts do not add up to the node count");
  const expected = TREE_FILE_HEADER_BYTES + 4 * (nSplits + 2 * nLeaves) + 2 * (nTrees + nSplits) + nTrees + nNodes;
  if (bytes.length !== expected) throw new TreeFileError(`${bytes.length} bytes where the header implies ${expected}`);

  let at = TREE_FILE_HEADER_BYTES;
  const f32 = (n: number) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++, at += 4) out[i] = view.getFloat32(at, true);
    return out;
  };
  const u16 = (n: number) => {
    const out = new Uint16Array(n);
    for (let i = 0; i < n; i++, at += 2) out[i] = view.getUint16(at, true);
    return out;
  };
  const u8 = (n: number) => {
    const out = bytes.slice(at, at + n);
    at += n;
    return out;
  };
  const splitThreshold = f32(nSplits);
  const leafValue = f32(nLeaves);
  const leafCover = f32(nLeaves);
  const nodesPerTree = u16(nTrees);
  const splitRight = u16(nSplits);
  const treeOutput = u8(nTrees);
  const nodeFeature = u8(nNodes);

  const treeStart = new Uint32Array(nTrees + 1);
  for (let t = 0; t < nTrees; t++) treeStart[t + 1] = (treeStart[t] as number) + (nodesPerTree[t] as number);
  if (treeStart[nTrees] !== nNodes) throw new TreeFileError("the trees' node counts do not add up to the node count");
  for (let t = 0; t < nTrees; t++) if ((treeOutput[t] as number) >= nOutputs) throw new TreeFileError(`tree ${t} feeds output ${treeOutput[t]} of ${nOutputs}`);

  const feature = new Int16Array(nNodes);
  const missingLeft = new Uint8Array(nNodes);
  const right = new Uint32Array(nNodes);
  const threshold = new Float32Array(nNodes);
  const value = new Float32Array(nNodes);
  const cover = new Float64Array(nNodes);
  let split = 0;
  let leaf = 0;
  for (let n = 0; n < nNodes; n++) {
    const code = nodeFeature[n] as number;
    if (code === LEAF) {
      feature[n] = -1;
      value[n] = leafValue[leaf] as number;
      cover[n] = leafCover[leaf] as number;
      leaf += 1;
    } else {
      feature[n] = code & ~MISSING_LEFT;
      if ((feature[n] as number) >= nFeatures) throw new TreeFileError(`node ${n} splits on feature ${feature[n]} of ${nFeatures}`);
      missingLeft[n] = code & MISSING_LEFT ? 1 : 0;
      threshold[n] = splitThreshold[split] as number;
      split += 1;
    }
  }
  if (split !== nSplits || leaf !== nLeaves) throw new TreeFileError("the node features disagree with the split and leaf counts");

  // Children: preorder, so resolving right indices and summing covers bottom-up is one backwards pass per tree.
  let maxDepth = 0;
  split = 0;
  for (let t = 0; t < nTrees; t++) {
    const start = treeStart[t] as number;
    const end = treeStart[t + 1] as number;
    for (let n = start; n < end; n++) {
      if ((feature[n] as number) < 0) continue;
      const r = start + (splitRight[split] as number);
      split += 1;
      if (r <= n + 1 || r >= end) throw new TreeFileError(`node ${n} of tree ${t} has an impossible right child`);
      right[n] = r;
    }
    for (let n = end - 1; n >= start; n--) {
      if ((feature[n] as number) >= 0) cover[n] = (cover[n + 1] as number) + (cover[right[n] as number] as number);
    }
    maxDepth = Math.max(maxDepth, depthOf(feature, right, start));
  }
  return { task, nFeatures, nOutputs, treeStart, treeOutput, feature, missingLeft, right, threshold, value, cover, maxDepth };
}

function depthOf(feature: Int16Array, right: Uint32Array, root: number): number {
  let deepest = 0;
  const stack: [number, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [n, d] = stack.pop() as [number, number];
    if ((feature[n] as number) < 0) deepest = Math.max(deepest, d);
    else stack.push([n + 1, d + 1], [right[n] as number, d + 1]);
  }
  return deepest;
}
