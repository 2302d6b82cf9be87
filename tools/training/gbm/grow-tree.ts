import type { BinnedMatrix } from "./binning";
import type { Tree } from "./ensemble";

export type TreeParams = {
  /** Leaf-wise (best-first) growth stops at this many leaves. */
  maxLeaves: number;
  maxDepth: number;
  minDataInLeaf: number;
  minSumHessian: number;
  lambdaL2: number;
  minGainToSplit: number;
};

/** A grown tree plus, per split node, the bin index of its threshold (for walking binned training rows). */
export type GrownTree = { tree: Tree; splitBin: number[] };

type Split = {
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
};

type Leaf = {
  node: number;
  start: number;
  end: number;
  hist: Float64Array;
  g: number;
  h: number;
  depth: number;
  split: Split | null;
};

/**
 * Grows one regression tree on gradients/hessians, LightGBM style: histograms of (grad, hess, count) per bin, the
 * best leaf split first, the smaller child's histogram built from rows and the larger one by subtraction, and for
 * every split the side for missing values chosen by gain. Leaf values are Newton steps -G/(H+λ) (unscaled).
 *
 * `rows` (the bagged sample) is reordered in place. Deterministic: ties keep the first candidate.
 */
export function growTree(
  data: BinnedMatrix,
  grad: Float64Array,
  hess: Float64Array,
  rows: Uint32Array,
  params: TreeParams,
): GrownTree {
  const tree: Tree = { feature: [], threshold: [], missingLeft: [], left: [], right: [], value: [] };
  const splitBin: number[] = [];
  const scratch = new Uint32Array(rows.length);
  const addNode = (value: number) => {
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.missingLeft.push(false);
    tree.left.push(0);
    tree.right.push(0);
    tree.value.push(value);
    splitBin.push(0);
    return tree.feature.length - 1;
  };

  const rootHist = buildHistogram(data, grad, hess, rows, 0, rows.length);
  const [g0, h0] = sums(rows, 0, rows.length, grad, hess);
  const root: Leaf = { node: addNode(leafValue(g0, h0, params)), start: 0, end: rows.length, hist: rootHist, g: g0, h: h0, depth: 0, split: null };
  root.split = bestSplit(data, root, params);
  const leaves: Leaf[] = [root];

  while (leaves.length < params.maxLeaves) {
    let best = -1;
    for (let i = 0; i < leaves.length; i++) {
      const s = (leaves[i] as Leaf).split;
      if (s && (best < 0 || s.gain > ((leaves[best] as Leaf).split as Split).gain)) best = i;
    }
    if (best < 0) break;
    const leaf = leaves[best] as Leaf;
    const split = leaf.split as Split;

    // Stable partition of the leaf's rows into left | right.
    const f = split.feature;
    const nF = data.nFeatures;
    let nl = 0;
    let nr = 0;
    for (let i = leaf.start; i < leaf.end; i++) {
      const r = rows[i] as number;
      const b = data.bins[r * nF + f] as number;
      if (b === 0 ? split.missingLeft : b <= split.bin) rows[leaf.start + nl++] = r;
      else scratch[nr++] = r;
    }
    rows.set(scratch.subarray(0, nr), leaf.start + nl);
    const mid = leaf.start + nl;

    const [gl, hl] = sums(rows, leaf.start, mid, grad, hess);
    const [gr, hr] = sums(rows, mid, leaf.end, grad, hess);
    const leftSmaller = nl <= nr;
    const smallHist = leftSmaller
      ? buildHistogram(data, grad, hess, rows, leaf.start, mid)
      : buildHistogram(data, grad, hess, rows, mid, leaf.end);
    const bigHist = leaf.hist;
    for (let i = 0; i < bigHist.length; i++) bigHist[i] = (bigHist[i] as number) - (smallHist[i] as number);

    const n = leaf.node;
    tree.feature[n] = f;
    tree.threshold[n] = (data.upper[f] as Float32Array)[split.bin] as number;
    tree.missingLeft[n] = split.missingLeft;
    tree.value[n] = 0;
    splitBin[n] = split.bin;
    const leftNode = addNode(leafValue(gl, hl, params));
    const rightNode = addNode(leafValue(gr, hr, params));
    tree.left[n] = leftNode;
    tree.right[n] = rightNode;

    const depth = leaf.depth + 1;
    const left: Leaf = { node: leftNode, start: leaf.start, end: mid, hist: leftSmaller ? smallHist : bigHist, g: gl, h: hl, depth, split: null };
    const right: Leaf = { node: rightNode, start: mid, end: leaf.end, hist: leftSmaller ? bigHist : smallHist, g: gr, h: hr, depth, split: null };
    left.split = bestSplit(data, left, params);
    right.split = bestSplit(data, right, params);
    leaves.splice(best, 1, left, right);
  }
  return { tree, splitBin };
}

/** Which leaf a binned training row reaches (same routing as the float thresholds, by construction of the bins). */
export function leafOfBinnedRow(grown: GrownTree, data: BinnedMatrix, row: number): number {
  const { tree, splitBin } = grown;
  let node = 0;
  let f = tree.feature[0] as number;
  while (f >= 0) {
    const b = data.bins[row * data.nFeatures + f] as number;
    const goLeft = b === 0 ? (tree.missingLeft[node] as boolean) : b <= (splitBin[node] as number);
    node = (goLeft ? tree.left[node] : tree.right[node]) as number;
    f = tree.feature[node] as number;
  }
  return node;
}

function leafValue(g: number, h: number, params: TreeParams): number {
  return -g / (h + params.lambdaL2);
}

function sums(rows: Uint32Array, start: number, end: number, grad: Float64Array, hess: Float64Array): [number, number] {
  let g = 0;
  let h = 0;
  for (let i = start; i < end; i++) {
    const r = rows[i] as number;
    g += grad[r] as number;
    h += hess[r] as number;
  }
  return [g, h];
}

function buildHistogram(
  data: BinnedMatrix,
  grad: Float64Array,
  hess: Float64Array,
  rows: Uint32Array,
  start: number,
  end: number,
): Float64Array {
  const hist = new Float64Array(data.totalBins * 3);
  const nF = data.nFeatures;
  const { bins, binOffset } = data;
  for (let i = start; i < end; i++) {
    const r = rows[i] as number;
    const g = grad[r] as number;
    const h = hess[r] as number;
    const base = r * nF;
    for (let f = 0; f < nF; f++) {
      const o = ((binOffset[f] as number) + (bins[base + f] as number)) * 3;
      hist[o] = (hist[o] as number) + g;
      hist[o + 1] = (hist[o + 1] as number) + h;
      hist[o + 2] = (hist[o + 2] as number) + 1;
    }
  }
  return hist;
}

function bestSplit(data: BinnedMatrix, leaf: Leaf, params: TreeParams): Split | null {
  if (leaf.depth >= params.maxDepth) return null;
  const count = leaf.end - leaf.start;
  if (count < 2 * params.minDataInLeaf) return null;
  const { hist } = leaf;
  const lambda = params.lambdaL2;
  const parentScore = (leaf.g * leaf.g) / (leaf.h + lambda);
  const found: { best: Split | null } = { best: null };
  const consider = (gain: number, feature: number, bin: number, missingLeft: boolean) => {
    if (gain > params.minGainToSplit && (found.best === null || gain > found.best.gain)) {
      found.best = { gain, feature, bin, missingLeft };
    }
  };
  const ok = (c: number, h: number) => c >= params.minDataInLeaf && h >= params.minSumHessian;
  for (let f = 0; f < data.nFeatures; f++) {
    const off = (data.binOffset[f] as number) * 3;
    const k = data.binCount[f] as number;
    const nanG = hist[off] as number;
    const nanH = hist[off + 1] as number;
    const nanC = hist[off + 2] as number;
    let gl = 0;
    let hl = 0;
    let cl = 0;
    for (let b = 1; b < k - 1; b++) {
      const o = off + b * 3;
      gl += hist[o] as number;
      hl += hist[o + 1] as number;
      cl += hist[o + 2] as number;
      const gr = leaf.g - gl - nanG;
      const hr = leaf.h - hl - nanH;
      const cr = count - cl - nanC;
      if (cr <= 0) break;
      if (nanC === 0) {
        // No missing values here: send future NaNs the way most training rows went.
        if (ok(cl, hl) && ok(cr, hr)) {
          consider((gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parentScore, f, b, cl >= cr);
        }
        continue;
      }
      const glm = gl + nanG;
      const hlm = hl + nanH;
      if (ok(cl + nanC, hlm) && ok(cr, hr)) {
        consider((glm * glm) / (hlm + lambda) + (gr * gr) / (hr + lambda) - parentScore, f, b, true);
      }
      const grm = gr + nanG;
      const hrm = hr + nanH;
      if (ok(cl, hl) && ok(cr + nanC, hrm)) {
        consider((gl * gl) / (hl + lambda) + (grm * grm) / (hrm + lambda) - parentScore, f, b, false);
      }
    }
  }
  return found.best;
}
