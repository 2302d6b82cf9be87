import { LEAF, MISSING_LEFT, TASK_CODES, TREE_FILE_HEADER_BYTES, TREE_FILE_MAGIC, TREE_FILE_VERSION } from "@/lib/explain/tree-file";
import type { Tree, TreeEnsemble } from "../ensemble";
import { leafIndex } from "../reference-evaluator";

/** Thrown when an ensemble cannot be written as a tree file (the app's explanations would be wrong or impossible). */
export class TreeFileWriteError extends Error {
  override name = "TreeFileWriteError";
}

/**
 * Per tree and node, how many of `rows` land in each leaf (splits: 0). These are the covers TreeSHAP integrates
 * unknown features with; routing the training rows through the ONNX trees themselves (NaN by the missing branch)
 * makes them consistent with the model by construction.
 */
export function leafCovers(ensemble: TreeEnsemble, x: Float32Array, nRows: number): Float64Array[] {
  const nF = ensemble.nFeatures;
  return ensemble.trees.map((tree) => {
    const counts = new Float64Array(tree.feature.length);
    for (let r = 0; r < nRows; r++) {
      const leaf = leafIndex(tree, x.subarray(r * nF, (r + 1) * nF));
      counts[leaf] = (counts[leaf] as number) + 1;
    }
    return counts;
  });
}

/** Node indices of a tree in preorder (left subtree before right), from the root. */
function preorder(tree: Tree): number[] {
  const order: number[] = [];
  const stack = [0];
  while (stack.length > 0) {
    const n = stack.pop() as number;
    order.push(n);
    if ((tree.feature[n] as number) >= 0) stack.push(tree.right[n] as number, tree.left[n] as number);
  }
  return order;
}

/** Encodes the ensemble and its leaf covers in the layout lib/explain/tree-file.ts reads. Deterministic. */
export function writeTreeFile(ensemble: TreeEnsemble, covers: readonly Float64Array[]): Uint8Array {
  if (ensemble.nFeatures >= MISSING_LEFT) throw new TreeFileWriteError(`${ensemble.nFeatures} features; the format holds at most ${MISSING_LEFT - 1}`);
  if (ensemble.nOutputs > 255) throw new TreeFileWriteError(`${ensemble.nOutputs} outputs; the format holds at most 255`);
  const thresholds: number[] = [];
  const rights: number[] = [];
  const leafValues: number[] = [];
  const leafCoverList: number[] = [];
  const nodesPerTree: number[] = [];
  const codes: number[] = [];
  ensemble.trees.forEach((tree, t) => {
    const order = preorder(tree);
    if (order.length > 0xffff) throw new TreeFileWriteError(`tree ${t} has ${order.length} nodes; the format holds at most 65535`);
    const position = new Map(order.map((n, i) => [n, i]));
    const cover = covers[t] as Float64Array;
    nodesPerTree.push(order.length);
    for (const n of order) {
      const f = tree.feature[n] as number;
      if (f < 0) {
        const c = cover[n] as number;
        // A leaf no training row reaches would make TreeSHAP divide by zero for its parent.
        if (!(c > 0)) throw new TreeFileWriteError(`leaf ${n} of tree ${t} has cover ${c}; every leaf needs training rows`);
        codes.push(LEAF);
        leafValues.push(tree.value[n] as number);
        leafCoverList.push(c);
      } else {
        codes.push(f | (tree.missingLeft[n] ? MISSING_LEFT : 0));
        thresholds.push(tree.threshold[n] as number);
        rights.push(position.get(tree.right[n] as number) as number);
      }
    }
  });
  const nTrees = ensemble.trees.length;
  const nSplits = thresholds.length;
  const nLeaves = leafValues.length;
  const nNodes = codes.length;
  const size = TREE_FILE_HEADER_BYTES + 4 * (nSplits + 2 * nLeaves) + 2 * (nTrees + nSplits) + nTrees + nNodes;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) bytes[i] = TREE_FILE_MAGIC.charCodeAt(i);
  view.setUint8(4, TREE_FILE_VERSION);
  view.setUint8(5, TASK_CODES.indexOf(ensemble.task));
  view.setUint8(6, ensemble.nOutputs);
  view.setUint8(7, ensemble.nFeatures);
  view.setUint32(8, nTrees, true);
  view.setUint32(12, nNodes, true);
  view.setUint32(16, nSplits, true);
  view.setUint32(20, nLeaves, true);
  let at = TREE_FILE_HEADER_BYTES;
  for (const v of [...thresholds, ...leafValues, ...leafCoverList]) {
    view.setFloat32(at, v, true);
    at += 4;
  }
  for (const v of [...nodesPerTree, ...rights]) {
    view.setUint16(at, v, true);
    at += 2;
  }
  for (const v of [...ensemble.treeOutput, ...codes]) bytes[at++] = v;
  return bytes;
}
