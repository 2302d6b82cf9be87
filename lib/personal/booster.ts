import type { SmallTree } from "./forest";
import type { Loss } from "./objectives";

/** How the personal trees are grown: few, shallow, strongly regularised (docs/models.md, "Personal models"). */
export type BoostParams = {
  rounds: number;
  /** Splits on a root-to-leaf path. */
  maxDepth: number;
  /** Shrinkage applied to every leaf value. */
  learningRate: number;
  /** L2 penalty on leaf values: the leaf is −G/(H + λ). In hessian units (1 per row for L2, p(1−p) for logistic). */
  lambda: number;
  minRowsInLeaf: number;
  /** A split must lower the regularised loss by more than this. */
  minGain: number;
  /**
   * Feature names the personal trees may split on (all when absent). Fewer candidates means less chance of a split
   * that only fits noise: with 20–100 rows, the best of 22 features × dozens of thresholds is often a fluke.
   */
  splitFeatures?: readonly string[];
};

export type BoostData = {
  nRows: number;
  nFeatures: number;
  /** Row-major float32 features, NaN for missing. */
  x: Float32Array;
  /** Targets: class index (softmax), 0/1 (logistic) or the value (L2). */
  y: Float64Array;
  /** The generic model's raw score per row and output: the boosting starts here. */
  baseMargin: Float64Array;
  /** Per feature index: may the trees split on it. */
  splittable: readonly boolean[];
};

/**
 * Continues boosting from `baseMargin` with `params.rounds` rounds of depth-limited trees grown by exact greedy splits
 * (every distinct float32 value of a feature is a candidate threshold, `x <= value` going left, as the shipped models'
 * thresholds are data values). Missing values: the side is chosen by gain when the node has NaN rows, otherwise
 * NaN follows the larger side. Deterministic: rows are pre-sorted by (value, row index), features are tried in order,
 * and a candidate replaces the best only when its gain is strictly larger.
 *
 * Returns the trees (a multiclass round adds one per class, in class order) with their leaf covers.
 */
export function boost(data: BoostData, loss: Loss, params: BoostParams): SmallTree[] {
  const { nRows, nFeatures, x } = data;
  const k = loss.nOutputs;
  const scores = Float64Array.from(data.baseMargin);
  const grad = new Float64Array(nRows * k);
  const hess = new Float64Array(nRows * k);
  const g1 = new Float64Array(nRows);
  const h1 = new Float64Array(nRows);
  const sorted = sortedRows(x, nRows, nFeatures);
  const leafOf = new Uint32Array(nRows);
  const trees: SmallTree[] = [];
  for (let round = 0; round < params.rounds; round++) {
    loss.gradients(data.y, scores, grad, hess);
    for (let c = 0; c < k; c++) {
      for (let r = 0; r < nRows; r++) {
        g1[r] = grad[r * k + c] as number;
        h1[r] = hess[r * k + c] as number;
      }
      const tree = growTree(x, nFeatures, sorted, data.splittable, g1, h1, params, c, leafOf);
      for (let r = 0; r < nRows; r++) scores[r * k + c] = (scores[r * k + c] as number) + (tree.value[leafOf[r] as number] as number);
      trees.push(tree);
    }
  }
  return trees;
}

/** Per feature, the rows with a value, ordered by (value, row index). */
function sortedRows(x: Float32Array, nRows: number, nFeatures: number): Uint32Array[] {
  const out: Uint32Array[] = [];
  for (let f = 0; f < nFeatures; f++) {
    const rows: number[] = [];
    for (let r = 0; r < nRows; r++) if (!Number.isNaN(x[r * nFeatures + f])) rows.push(r);
    rows.sort((a, b) => (x[a * nFeatures + f] as number) - (x[b * nFeatures + f] as number) || a - b);
    out.push(Uint32Array.from(rows));
  }
  return out;
}

type Split = { gain: number; feature: number; threshold: number; missingLeft: boolean };

/** Grows one tree in preorder; `leafOf[r]` receives each row's leaf (an index into the tree's nodes). */
function growTree(
  x: Float32Array,
  nFeatures: number,
  sorted: Uint32Array[],
  splittable: readonly boolean[],
  grad: Float64Array,
  hess: Float64Array,
  params: BoostParams,
  output: number,
  leafOf: Uint32Array,
): SmallTree {
  const tree: SmallTree = { output, feature: [], threshold: [], missingLeft: [], right: [], value: [], cover: [] };
  const nRows = grad.length;
  const member = new Uint8Array(nRows);

  const grow = (rows: number[], depth: number): void => {
    const node = tree.feature.length;
    let g = 0;
    let h = 0;
    for (const r of rows) {
      g += grad[r] as number;
      h += hess[r] as number;
    }
    const split = depth < params.maxDepth ? bestSplit(rows, g, h) : null;
    tree.cover.push(rows.length);
    if (!split) {
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.missingLeft.push(false);
      tree.right.push(0);
      tree.value.push(Math.fround((-g / (h + params.lambda)) * params.learningRate));
      for (const r of rows) leafOf[r] = node;
      return;
    }
    tree.feature.push(split.feature);
    tree.threshold.push(split.threshold);
    tree.missingLeft.push(split.missingLeft);
    tree.right.push(0);
    tree.value.push(0);
    const left: number[] = [];
    const right: number[] = [];
    for (const r of rows) {
      const v = x[r * nFeatures + split.feature] as number;
      if (Number.isNaN(v) ? split.missingLeft : v <= split.threshold) left.push(r);
      else right.push(r);
    }
    grow(left, depth + 1);
    tree.right[node] = tree.feature.length;
    grow(right, depth + 1);
  };

  const bestSplit = (rows: number[], g: number, h: number): Split | null => {
    const count = rows.length;
    if (count < 2 * params.minRowsInLeaf) return null;
    const lambda = params.lambda;
    const parent = (g * g) / (h + lambda);
    const score = (gs: number, hs: number) => (gs * gs) / (hs + lambda);
    for (const r of rows) member[r] = 1;
    let best: Split | null = null;
    const consider = (gain: number, feature: number, threshold: number, missingLeft: boolean) => {
      if (gain > params.minGain && (best === null || gain > best.gain)) best = { gain, feature, threshold, missingLeft };
    };
    const min = params.minRowsInLeaf;
    for (let f = 0; f < nFeatures; f++) {
      if (!splittable[f]) continue;
      const order = sorted[f] as Uint32Array;
      let nanG = 0;
      let nanH = 0;
      let nanC = 0;
      for (const r of rows) {
        if (Number.isNaN(x[r * nFeatures + f])) {
          nanG += grad[r] as number;
          nanH += hess[r] as number;
          nanC += 1;
        }
      }
      const valued = count - nanC;
      let gl = 0;
      let hl = 0;
      let cl = 0;
      let previous = -1;
      for (let i = 0; i < order.length; i++) {
        const r = order[i] as number;
        if (member[r] !== 1) continue;
        const v = x[r * nFeatures + f] as number;
        // A threshold sits on the last value of its side: evaluate when the value changes, before adding this row.
        if (previous >= 0 && v !== (x[previous * nFeatures + f] as number)) {
          const threshold = x[previous * nFeatures + f] as number;
          const cr = valued - cl;
          const gr = g - gl - nanG;
          const hr = h - hl - nanH;
          if (nanC === 0) {
            if (cl >= min && cr >= min) consider(score(gl, hl) + score(gr, hr) - parent, f, threshold, cl >= cr);
          } else {
            if (cl + nanC >= min && cr >= min) consider(score(gl + nanG, hl + nanH) + score(gr, hr) - parent, f, threshold, true);
            if (cl >= min && cr + nanC >= min) consider(score(gl, hl) + score(gr + nanG, hr + nanH) - parent, f, threshold, false);
          }
        }
        gl += grad[r] as number;
        hl += hess[r] as number;
        cl += 1;
        previous = r;
      }
    }
    for (const r of rows) member[r] = 0;
    return best;
  };

  grow(Array.from({ length: nRows }, (_, i) => i), 0);
  return tree;
}
