import { LEAF, MISSING_LEFT, TASK_CODES, TREE_FILE_HEADER_BYTES, TREE_FILE_MAGIC, TREE_FILE_VERSION, type ShapForest } from "@/lib/explain/tree-file";
import { PersonalModelError } from "./errors";

/**
 * Encodes a forest in the treeshap-v1 layout that `decodeTreeFile` reads (lib/explain/tree-file.ts): the inverse of
 * decoding, byte for byte (tests decode a shipped file and encode it back to the same bytes). The training pipeline
 * has its own writer in tools/, which lib/ may not import.
 */
export function encodeTreeFile(forest: ShapForest): Uint8Array {
  const nTrees = forest.treeOutput.length;
  const nNodes = forest.feature.length;
  let nSplits = 0;
  for (let i = 0; i < nNodes; i++) if ((forest.feature[i] as number) >= 0) nSplits += 1;
  const nLeaves = nNodes - nSplits;
  const size = TREE_FILE_HEADER_BYTES + 4 * (nSplits + 2 * nLeaves) + 2 * (nTrees + nSplits) + nTrees + nNodes;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) bytes[i] = TREE_FILE_MAGIC.charCodeAt(i);
  view.setUint8(4, TREE_FILE_VERSION);
  view.setUint8(5, TASK_CODES.indexOf(forest.task));
  view.setUint8(6, forest.nOutputs);
  view.setUint8(7, forest.nFeatures);
  view.setUint32(8, nTrees, true);
  view.setUint32(12, nNodes, true);
  view.setUint32(16, nSplits, true);
  view.setUint32(20, nLeaves, true);

  const thresholdAt = TREE_FILE_HEADER_BYTES;
  const leafValueAt = thresholdAt + 4 * nSplits;
  const leafCoverAt = leafValueAt + 4 * nLeaves;
  const perTreeAt = leafCoverAt + 4 * nLeaves;
  const rightAt = perTreeAt + 2 * nTrees;
  const outputAt = rightAt + 2 * nSplits;
  const codeAt = outputAt + nTrees;
  let split = 0;
  let leaf = 0;
  for (let t = 0; t < nTrees; t++) {
    const start = forest.treeStart[t] as number;
    const end = forest.treeStart[t + 1] as number;
    if (end - start > 0xffff) throw new PersonalModelError(`tree ${t} has ${end - start} nodes; a tree file holds at most 65535 per tree`);
    view.setUint16(perTreeAt + 2 * t, end - start, true);
    bytes[outputAt + t] = forest.treeOutput[t] as number;
    for (let n = start; n < end; n++) {
      const f = forest.feature[n] as number;
      if (f < 0) {
        const cover = forest.cover[n] as number;
        if (!(cover > 0)) throw new PersonalModelError(`leaf ${n - start} of tree ${t} has cover ${cover}; TreeSHAP needs every leaf reached`);
        view.setFloat32(leafValueAt + 4 * leaf, forest.value[n] as number, true);
        view.setFloat32(leafCoverAt + 4 * leaf, cover, true);
        bytes[codeAt + n] = LEAF;
        leaf += 1;
      } else {
        view.setFloat32(thresholdAt + 4 * split, forest.threshold[n] as number, true);
        view.setUint16(rightAt + 2 * split, (forest.right[n] as number) - start, true);
        bytes[codeAt + n] = f | (forest.missingLeft[n] ? MISSING_LEFT : 0);
        split += 1;
      }
    }
  }
  return bytes;
}
