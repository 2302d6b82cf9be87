import { MISSING_LEFT, type ShapForest } from "@/lib/explain/tree-file";
import { encodeTreeFile } from "@/lib/personal/tree-file-encode";
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

/** Node indices of a tree in preorder (left subtree before right), from the root, with the deepest path in splits. */
function preorder(tree: Tree): { order: number[]; depth: number } {
  const order: number[] = [];
  let depth = 0;
  const stack: [number, number][] = [[0, 0]];
  while (stack.length > 0) {
    const [n, d] = stack.pop() as [number, number];
    order.push(n);
    if ((tree.feature[n] as number) >= 0) stack.push([tree.right[n] as number, d + 1], [tree.left[n] as number, d + 1]);
    else depth = Math.max(depth, d);
  }
  return { order, depth };
}

/**
 * Encodes the ensemble and its leaf covers in the layout lib/explain/tree-file.ts reads. Deterministic. The bytes come
 * from the app's own encoder (lib/personal/tree-file-encode.ts, which personal models use in the browser), so the
 * format has one writer; this lays the trees out in preorder as that encoder expects.
 */
export function writeTreeFile(ensemble: TreeEnsemble, covers: readonly Float64Array[]): Uint8Array {
  if (ensemble.nFeatures >= MISSING_LEFT) throw new TreeFileWriteError(`${ensemble.nFeatures} features; the format holds at most ${MISSING_LEFT - 1}`);
  if (ensemble.nOutputs > 255) throw new TreeFileWriteError(`${ensemble.nOutputs} outputs; the format holds at most 255`);
  const nNodes = ensemble.trees.reduce((sum, tree) => sum + tree.feature.length, 0);
  const forest: ShapForest = {
    task: ensemble.task,
    nFeatures: ensemble.nFeatures,
    nOutputs: ensemble.nOutputs,
    treeStart: new Uint32Array(ensemble.trees.length + 1),
    treeOutput: Uint8Array.from(ensemble.treeOutput),
    feature: new Int16Array(nNodes),
    missingLeft: new Uint8Array(nNodes),
    right: new Uint32Array(nNodes),
    threshold: new Float32Array(nNodes),
    value: new Float32Array(nNodes),
    cover: new Float64Array(nNodes),
    maxDepth: 0,
  };
  let at = 0;
  ensemble.trees.forEach((tree, t) => {
    const { order, depth } = preorder(tree);
    if (order.length > 0xffff) throw new TreeFileWriteError(`tree ${t} has ${order.length} nodes; the format holds at most 65535`);
    forest.maxDepth = Math.max(forest.maxDepth, depth);
    const start = at;
    const position = new Map(order.map((n, i) => [n, start + i]));
    const cover = covers[t] as Float64Array;
    forest.treeStart[t] = start;
    for (const n of order) {
      const f = tree.feature[n] as number;
      forest.feature[at] = f;
      if (f < 0) {
        const c = cover[n] as number;
        // A leaf no training row reaches would make TreeSHAP divide by zero for its parent.
        if (!(c > 0)) throw new TreeFileWriteError(`leaf ${n} of tree ${t} has cover ${c}; every leaf needs training rows`);
        forest.value[at] = tree.value[n] as number;
        forest.cover[at] = c;
      } else {
        forest.missingLeft[at] = tree.missingLeft[n] ? 1 : 0;
        forest.threshold[at] = tree.threshold[n] as number;
        forest.right[at] = position.get(tree.right[n] as number) as number;
      }
      at += 1;
    }
  });
  forest.treeStart[ensemble.trees.length] = at;
  return encodeTreeFile(forest);
}
