import type { ShapForest } from "./tree-file";

/**
 * Exact TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent Individualized Feature Attribution for Tree Ensembles",
 * Algorithm 2; the path-dependent variant of the `shap` package's tree_shap_recursive): per output column, one value
 * per feature such that expected value + Σ contributions = the raw score (the sum of the trees' leaf values before
 * sigmoid/softmax). Features absent from the coalition are integrated out with the training covers, exactly as a
 * brute-force Shapley computation over E[f(x) | x_S] would.
 *
 * Missing values (NaN) follow each split's missing branch, as onnxruntime does: the "hot" child of a split is the
 * one the row really takes.
 */
export type Explanation = {
  /** [output][feature], row-major: nOutputs × nFeatures. */
  contributions: Float64Array;
  /** Per output: the cover-weighted mean raw score (what the model says with no feature known). */
  expectedValue: Float64Array;
  /** Per output: the raw score of this row (sum of its leaves), accumulated in float64. */
  rawScore: Float64Array;
};

type Path = { feature: Int32Array; zero: Float64Array; one: Float64Array; weight: Float64Array };

function newPath(maxDepth: number): Path {
  // Each recursion level copies the path so far; depths 0..maxDepth+1 need this many slots in total.
  const size = ((maxDepth + 2) * (maxDepth + 3)) / 2;
  return { feature: new Int32Array(size), zero: new Float64Array(size), one: new Float64Array(size), weight: new Float64Array(size) };
}

const expectedCache = new WeakMap<ShapForest, Float64Array>();

/** Per output: Σ over its trees of the cover-weighted mean leaf value. */
export function expectedValues(forest: ShapForest): Float64Array {
  const cached = expectedCache.get(forest);
  if (cached) return cached;
  const out = new Float64Array(forest.nOutputs);
  const nTrees = forest.treeOutput.length;
  for (let t = 0; t < nTrees; t++) {
    const start = forest.treeStart[t] as number;
    const end = forest.treeStart[t + 1] as number;
    const rootCover = forest.cover[start] as number;
    let sum = 0;
    for (let n = start; n < end; n++) if ((forest.feature[n] as number) < 0) sum += (forest.cover[n] as number) * (forest.value[n] as number);
    const o = forest.treeOutput[t] as number;
    out[o] = (out[o] as number) + sum / rootCover;
  }
  expectedCache.set(forest, out);
  return out;
}

/** The child a row goes to: NaN by the split's missing flag, otherwise left when x ≤ threshold (ONNX BRANCH_LEQ). */
export function nextNode(forest: ShapForest, node: number, row: ArrayLike<number>): number {
  const x = row[forest.feature[node] as number] as number;
  const left = Number.isNaN(x) ? forest.missingLeft[node] === 1 : x <= (forest.threshold[node] as number);
  return left ? node + 1 : (forest.right[node] as number);
}

/** Explains one row. `row` should hold float32 values (a Float32Array), as the model sees them. */
export function explain(forest: ShapForest, row: ArrayLike<number>): Explanation {
  const { nFeatures, nOutputs } = forest;
  if (row.length !== nFeatures) throw new RangeError(`Expected ${nFeatures} features, got ${row.length}.`);
  const contributions = new Float64Array(nOutputs * nFeatures);
  const rawScore = new Float64Array(nOutputs);
  const path = newPath(forest.maxDepth);
  const phi = new Float64Array(nFeatures);
  const nTrees = forest.treeOutput.length;
  for (let t = 0; t < nTrees; t++) {
    phi.fill(0);
    const root = forest.treeStart[t] as number;
    recurse(forest, row, phi, path, root, 0, 0, 1, 1, -1);
    const o = forest.treeOutput[t] as number;
    const base = o * nFeatures;
    for (let f = 0; f < nFeatures; f++) contributions[base + f] = (contributions[base + f] as number) + (phi[f] as number);
    let n = root;
    while ((forest.feature[n] as number) >= 0) n = nextNode(forest, n, row);
    rawScore[o] = (rawScore[o] as number) + (forest.value[n] as number);
  }
  return { contributions, expectedValue: expectedValues(forest).slice(), rawScore };
}

/**
 * `parentOffset`: where the parent's copy of the path starts in the shared buffer; this level's copy follows it.
 * `depth`: length of the path so far (the element being added goes at index `depth`).
 */
function recurse(
  forest: ShapForest,
  row: ArrayLike<number>,
  phi: Float64Array,
  path: Path,
  node: number,
  parentOffset: number,
  depth: number,
  parentZero: number,
  parentOne: number,
  parentFeature: number,
): void {
  const offset = parentOffset + depth; // the parent's copy holds `depth` elements (0 at the root call)
  // Plain loops: a path is at most ~12 long, where four copyWithin calls per node cost more than the copying.
  const pf = path.feature;
  const pz = path.zero;
  const po = path.one;
  const pw = path.weight;
  for (let i = 0; i < depth; i++) {
    pf[offset + i] = pf[parentOffset + i] as number;
    pz[offset + i] = pz[parentOffset + i] as number;
    po[offset + i] = po[parentOffset + i] as number;
    pw[offset + i] = pw[parentOffset + i] as number;
  }
  extendPath(path, offset, depth, parentZero, parentOne, parentFeature);

  const splitFeature = forest.feature[node] as number;
  if (splitFeature < 0) {
    const leafValue = forest.value[node] as number;
    for (let i = 1; i <= depth; i++) {
      const w = unwoundPathSum(path, offset, depth, i);
      const f = path.feature[offset + i] as number;
      phi[f] = (phi[f] as number) + w * ((path.one[offset + i] as number) - (path.zero[offset + i] as number)) * leafValue;
    }
    return;
  }

  const hot = nextNode(forest, node, row);
  const cold = hot === node + 1 ? (forest.right[node] as number) : node + 1;
  const cover = forest.cover[node] as number;
  const hotZero = (forest.cover[hot] as number) / cover;
  const coldZero = (forest.cover[cold] as number) / cover;
  let incomingZero = 1;
  let incomingOne = 1;
  let uniqueDepth = depth;
  // A feature split on again further down: undo its earlier step so it appears once on the path.
  let k = 1;
  for (; k <= uniqueDepth; k++) if (path.feature[offset + k] === splitFeature) break;
  if (k <= uniqueDepth) {
    incomingZero = path.zero[offset + k] as number;
    incomingOne = path.one[offset + k] as number;
    unwindPath(path, offset, uniqueDepth, k);
    uniqueDepth -= 1;
  }
  recurse(forest, row, phi, path, hot, offset, uniqueDepth + 1, hotZero * incomingZero, incomingOne, splitFeature);
  recurse(forest, row, phi, path, cold, offset, uniqueDepth + 1, coldZero * incomingZero, 0, splitFeature);
}

function extendPath(path: Path, offset: number, depth: number, zero: number, one: number, feature: number): void {
  path.feature[offset + depth] = feature;
  path.zero[offset + depth] = zero;
  path.one[offset + depth] = one;
  path.weight[offset + depth] = depth === 0 ? 1 : 0;
  const w = path.weight;
  for (let i = depth - 1; i >= 0; i--) {
    w[offset + i + 1] = (w[offset + i + 1] as number) + (one * (w[offset + i] as number) * (i + 1)) / (depth + 1);
    w[offset + i] = (zero * (w[offset + i] as number) * (depth - i)) / (depth + 1);
  }
}

function unwindPath(path: Path, offset: number, depth: number, index: number): void {
  const one = path.one[offset + index] as number;
  const zero = path.zero[offset + index] as number;
  const w = path.weight;
  let nextOnePortion = w[offset + depth] as number;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = w[offset + i] as number;
      w[offset + i] = (nextOnePortion * (depth + 1)) / ((i + 1) * one);
      nextOnePortion = tmp - ((w[offset + i] as number) * zero * (depth - i)) / (depth + 1);
    } else {
      w[offset + i] = ((w[offset + i] as number) * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    path.feature[offset + i] = path.feature[offset + i + 1] as number;
    path.zero[offset + i] = path.zero[offset + i + 1] as number;
    path.one[offset + i] = path.one[offset + i + 1] as number;
  }
}

function unwoundPathSum(path: Path, offset: number, depth: number, index: number): number {
  const one = path.one[offset + index] as number;
  const zero = path.zero[offset + index] as number;
  const w = path.weight;
  let nextOnePortion = w[offset + depth] as number;
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = (nextOnePortion * (depth + 1)) / ((i + 1) * one);
      total += tmp;
      nextOnePortion = (w[offset + i] as number) - (tmp * zero * (depth - i)) / (depth + 1);
    } else if (zero !== 0) {
      total += (w[offset + i] as number) / zero / ((depth - i) / (depth + 1));
    }
  }
  return total;
}
