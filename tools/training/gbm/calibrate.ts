import type { TreeEnsemble } from "./ensemble";

/**
 * Post-hoc calibration of a classifier's raw scores, linear per output column: s'_c = scale_c · s_c + bias_c. For a
 * binary model (one logit) this is Platt scaling; for a multiclass model, vector scaling (Guo et al. 2017). Because
 * it is linear in the raw score, it folds into the trees themselves (`foldCalibration`): the shipped ONNX is the
 * calibrated model, and the browser, the evaluation and TreeSHAP all see the same thing by construction.
 */
export type Calibration = { scale: number[]; bias: number[] };

export const IDENTITY_CALIBRATION = (nOutputs: number): Calibration => ({
  scale: new Array<number>(nOutputs).fill(1),
  bias: new Array<number>(nOutputs).fill(0),
});

/** Tiny penalty pulling scale to 1 and bias to 0: keeps the fit defined on separable or tiny calibration sets. */
const PENALTY = 1e-3;
const ITERATIONS = 50;

/**
 * Fits the calibration by minimising the log loss on the given rows (a calibration split of training people, never
 * the test people). `scores` is row-major [n × nOutputs] raw scores; binary models have one column (the logit) and
 * labels 0/1, multiclass models labels 0..nOutputs−1. Newton's method with step halving: deterministic.
 */
export function fitCalibration(scores: ArrayLike<number>, labels: ArrayLike<number>, nOutputs: number): Calibration {
  const n = labels.length;
  const binary = nOutputs === 1;
  const dim = 2 * nOutputs; // [scale_c, bias_c] per column
  let theta = new Float64Array(dim);
  for (let c = 0; c < nOutputs; c++) theta[2 * c] = 1;
  const loss = (t: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) s -= Math.log(Math.max(1e-300, probabilityOfLabel(t, scores, i, labels[i] as number, nOutputs, binary)));
    for (let c = 0; c < nOutputs; c++) s += PENALTY * (((t[2 * c] as number) - 1) ** 2 + (t[2 * c + 1] as number) ** 2);
    return s;
  };
  let current = loss(theta);
  for (let it = 0; it < ITERATIONS; it++) {
    const { grad, hess } = derivatives(theta, scores, labels, nOutputs, binary);
    for (let c = 0; c < nOutputs; c++) {
      grad[2 * c] = (grad[2 * c] as number) + 2 * PENALTY * ((theta[2 * c] as number) - 1);
      grad[2 * c + 1] = (grad[2 * c + 1] as number) + 2 * PENALTY * (theta[2 * c + 1] as number);
      hess[2 * c * dim + 2 * c] = (hess[2 * c * dim + 2 * c] as number) + 2 * PENALTY;
      hess[(2 * c + 1) * dim + 2 * c + 1] = (hess[(2 * c + 1) * dim + 2 * c + 1] as number) + 2 * PENALTY;
    }
    const step = solveSmall(hess, grad, dim);
    let factor = 1;
    let next = theta;
    let nextLoss = Number.POSITIVE_INFINITY;
    for (let halving = 0; halving < 30; halving++) {
      next = Float64Array.from(theta, (v, k) => v - factor * (step[k] as number));
      nextLoss = loss(next);
      if (nextLoss <= current) break;
      factor /= 2;
    }
    if (!(nextLoss < current - 1e-12)) break;
    theta = next;
    current = nextLoss;
  }
  return {
    scale: Array.from({ length: nOutputs }, (_, c) => theta[2 * c] as number),
    bias: Array.from({ length: nOutputs }, (_, c) => theta[2 * c + 1] as number),
  };
}

/** The calibrated raw scores of one row: what the folded ensemble computes (up to float32 rounding). */
export function applyCalibration(calibration: Calibration, raw: ArrayLike<number>): number[] {
  return calibration.scale.map((a, c) => a * (raw[c] as number) + (calibration.bias[c] as number));
}

/**
 * A copy of the ensemble whose raw scores are `scale · s + bias`: every leaf of a column's trees times its scale, and
 * the bias added to every leaf of the column's first tree (each row reaches exactly one leaf per tree, so it is
 * added once). Leaf values stay float32, as ONNX stores them.
 */
export function foldCalibration(ensemble: TreeEnsemble, calibration: Calibration): TreeEnsemble {
  const seen = new Set<number>();
  const trees = ensemble.trees.map((tree, t) => {
    const column = ensemble.treeOutput[t] as number;
    const first = !seen.has(column);
    seen.add(column);
    const a = calibration.scale[column] as number;
    const b = first ? (calibration.bias[column] as number) : 0;
    return {
      ...tree,
      value: tree.value.map((v, node) => (tree.feature[node] === -1 ? Math.fround(a * v + b) : 0)),
    };
  });
  return { ...ensemble, trees, treeOutput: [...ensemble.treeOutput] };
}

function logits(theta: Float64Array, scores: ArrayLike<number>, i: number, k: number): number[] {
  return Array.from({ length: k }, (_, c) => (theta[2 * c] as number) * (scores[i * k + c] as number) + (theta[2 * c + 1] as number));
}

function probabilities(theta: Float64Array, scores: ArrayLike<number>, i: number, k: number, binary: boolean): number[] {
  const z = logits(theta, scores, i, k);
  if (binary) return [1 / (1 + Math.exp(-(z[0] as number)))];
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((x, y) => x + y, 0);
  return e.map((v) => v / s);
}

function probabilityOfLabel(theta: Float64Array, scores: ArrayLike<number>, i: number, label: number, k: number, binary: boolean): number {
  const p = probabilities(theta, scores, i, k, binary);
  return binary ? (label === 1 ? (p[0] as number) : 1 - (p[0] as number)) : (p[label] as number);
}

function derivatives(
  theta: Float64Array,
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  k: number,
  binary: boolean,
): { grad: Float64Array; hess: Float64Array } {
  const dim = 2 * k;
  const grad = new Float64Array(dim);
  const hess = new Float64Array(dim * dim);
  for (let i = 0; i < labels.length; i++) {
    const p = probabilities(theta, scores, i, k, binary);
    const label = labels[i] as number;
    // d logit_c / d theta: [s_c, 1] in the two slots of column c.
    const x = (c: number) => [scores[i * k + c] as number, 1];
    for (let c = 0; c < k; c++) {
      const resid = (p[c] as number) - (binary ? label : label === c ? 1 : 0);
      const xc = x(c);
      for (let u = 0; u < 2; u++) grad[2 * c + u] = (grad[2 * c + u] as number) + resid * (xc[u] as number);
      for (let d = 0; d < k; d++) {
        const w = binary ? (p[0] as number) * (1 - (p[0] as number)) : (p[c] as number) * ((c === d ? 1 : 0) - (p[d] as number));
        const xd = x(d);
        for (let u = 0; u < 2; u++) {
          for (let v = 0; v < 2; v++) {
            const at = (2 * c + u) * dim + 2 * d + v;
            hess[at] = (hess[at] as number) + w * (xc[u] as number) * (xd[v] as number);
          }
        }
      }
    }
  }
  return { grad, hess };
}

/** Gaussian elimination with partial pivoting: the systems here are at most 2 × classes wide. */
function solveSmall(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const m = Array.from({ length: n }, (_, i) => [...Array.from(a.subarray(i * n, (i + 1) * n)), b[i] as number]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]?.[col] as number) > Math.abs(m[pivot]?.[col] as number)) pivot = r;
    [m[col], m[pivot]] = [m[pivot] as number[], m[col] as number[]];
    const row = m[col] as number[];
    const lead = row[col] as number;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const other = m[r] as number[];
      const f = (other[col] as number) / lead;
      for (let c = col; c <= n; c++) other[c] = (other[c] as number) - f * (row[c] as number);
    }
  }
  return Float64Array.from({ length: n }, (_, i) => ((m[i] as number[])[n] as number) / ((m[i] as number[])[i] as number));
}
