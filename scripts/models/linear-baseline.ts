import type { Task } from "@/tools/training/gbm/ensemble";

/**
 * The linear baseline on the same 22 features the trees read: ridge regression (regression), L2-regularised logistic
 * regression (binary) or multinomial logistic regression (multiclass). Each feature becomes two columns: its value
 * with NaN replaced by the training mean, and a 0/1 "was missing" indicator; every column is standardised with the
 * training rows' mean and standard deviation (constant columns are dropped). Fitted by exact Newton steps with a
 * fixed iteration count, so the same rows give the same coefficients on every machine.
 */
export type LinearModel = {
  task: Task;
  nClasses: number;
  /** Per feature: the training mean used for imputation. */
  impute: Float64Array;
  /** Per design column (value then indicator per feature): training mean and sd; sd 0 = column unused. */
  center: Float64Array;
  scale: Float64Array;
  /** [output][column + 1 intercept]; multiclass has nClasses − 1 outputs (class 0 is the reference). */
  weights: Float64Array[];
};

const RIDGE = 1;
const NEWTON_ITERATIONS = 12;

export function fitLinear(x: Float32Array, y: Float64Array, nFeatures: number, task: Task, nClasses: number): LinearModel {
  const nRows = y.length;
  const impute = new Float64Array(nFeatures);
  for (let j = 0; j < nFeatures; j++) {
    let s = 0;
    let n = 0;
    for (let r = 0; r < nRows; r++) {
      const v = x[r * nFeatures + j] as number;
      if (!Number.isNaN(v)) {
        s += v;
        n += 1;
      }
    }
    impute[j] = n > 0 ? s / n : 0;
  }
  const partial: LinearModel = {
    task,
    nClasses,
    impute,
    center: new Float64Array(2 * nFeatures),
    scale: new Float64Array(2 * nFeatures).fill(1),
    weights: [],
  };
  const raw = Array.from({ length: nRows }, (_, r) => rawDesign(partial, x.subarray(r * nFeatures, (r + 1) * nFeatures)));
  const p = 2 * nFeatures;
  for (let c = 0; c < p; c++) {
    let s = 0;
    for (const row of raw) s += row[c] as number;
    const mean = s / nRows;
    let v = 0;
    for (const row of raw) v += ((row[c] as number) - mean) ** 2;
    const sd = Math.sqrt(v / nRows);
    partial.center[c] = mean;
    partial.scale[c] = sd > 1e-9 ? sd : 0;
  }
  const design = raw.map((row) => standardise(partial, row));
  const outputs = task === "multiclass" ? nClasses - 1 : 1;
  partial.weights = fitNewton(design, y, task, outputs);
  return partial;
}

/** The model's prediction for one row: [value] (regression), [p(yes)] (binary), class probabilities (multiclass). */
export function predictLinear(model: LinearModel, row: ArrayLike<number>): number[] {
  const z = standardise(model, rawDesign(model, row));
  const scores = model.weights.map((w) => dot(w, z));
  if (model.task === "regression") return scores;
  if (model.task === "binary") return [1 / (1 + Math.exp(-(scores[0] as number)))];
  return softmaxWithReference(scores);
}

function rawDesign(model: LinearModel, row: ArrayLike<number>): Float64Array {
  const n = model.impute.length;
  const out = new Float64Array(2 * n);
  for (let j = 0; j < n; j++) {
    const v = row[j] as number;
    const missing = Number.isNaN(v);
    out[2 * j] = missing ? (model.impute[j] as number) : v;
    out[2 * j + 1] = missing ? 1 : 0;
  }
  return out;
}

/** Standardised columns plus a trailing 1 for the intercept. */
function standardise(model: LinearModel, raw: Float64Array): Float64Array {
  const out = new Float64Array(raw.length + 1);
  for (let c = 0; c < raw.length; c++) {
    const sd = model.scale[c] as number;
    out[c] = sd > 0 ? ((raw[c] as number) - (model.center[c] as number)) / sd : 0;
  }
  out[raw.length] = 1;
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function softmaxWithReference(scores: readonly number[]): number[] {
  const z = [0, ...scores];
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/**
 * Newton's method on the penalised loss (λ‖w‖², intercept unpenalised). For L2 loss one step is the exact ridge
 * solution; for the logistic losses a fixed number of full steps, which converges (the loss is strictly convex).
 */
function fitNewton(design: Float64Array[], y: Float64Array, task: Task, outputs: number): Float64Array[] {
  const p = (design[0]?.length ?? 1) as number;
  const dim = p * outputs;
  const w = new Float64Array(dim);
  const iterations = task === "regression" ? 1 : NEWTON_ITERATIONS;
  for (let it = 0; it < iterations; it++) {
    const grad = new Float64Array(dim);
    const hess = new Float64Array(dim * dim);
    for (let r = 0; r < design.length; r++) {
      const z = design[r] as Float64Array;
      const label = y[r] as number;
      // Residuals and the curvature between outputs for this row.
      const scores = Array.from({ length: outputs }, (_, o) => dot(w.subarray(o * p, (o + 1) * p), z));
      let resid: number[];
      let curvature: (a: number, b: number) => number;
      if (task === "regression") {
        resid = [(scores[0] as number) - label];
        curvature = () => 1;
      } else if (task === "binary") {
        const prob = 1 / (1 + Math.exp(-(scores[0] as number)));
        resid = [prob - label];
        curvature = () => prob * (1 - prob);
      } else {
        const probs = softmaxWithReference(scores).slice(1);
        resid = probs.map((q, o) => q - (label === o + 1 ? 1 : 0));
        curvature = (a, b) => (probs[a] as number) * ((a === b ? 1 : 0) - (probs[b] as number));
      }
      for (let a = 0; a < outputs; a++) {
        const ra = resid[a] as number;
        for (let i = 0; i < p; i++) grad[a * p + i] = (grad[a * p + i] as number) + ra * (z[i] as number);
        for (let b = a; b < outputs; b++) {
          const h = curvature(a, b);
          if (h === 0) continue;
          for (let i = 0; i < p; i++) {
            const hz = h * (z[i] as number);
            const rowBase = (a * p + i) * dim + b * p;
            for (let j = 0; j < p; j++) hess[rowBase + j] = (hess[rowBase + j] as number) + hz * (z[j] as number);
          }
        }
      }
    }
    // Mirror the upper block triangle, add the penalty (not on intercepts), solve H·step = grad.
    for (let a = 0; a < outputs; a++) {
      for (let b = a + 1; b < outputs; b++) {
        for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) hess[(b * p + j) * dim + a * p + i] = hess[(a * p + i) * dim + b * p + j] as number;
      }
    }
    for (let k = 0; k < dim; k++) {
      const isIntercept = k % p === p - 1;
      hess[k * dim + k] = (hess[k * dim + k] as number) + (isIntercept ? 1e-9 : 2 * RIDGE);
      if (!isIntercept) grad[k] = (grad[k] as number) + 2 * RIDGE * (w[k] as number);
    }
    const step = solveSpd(hess, grad, dim);
    for (let k = 0; k < dim; k++) w[k] = (w[k] as number) - (step[k] as number);
  }
  return Array.from({ length: outputs }, (_, o) => w.slice(o * p, (o + 1) * p));
}

/** Solves A·x = b for a symmetric positive-definite A (row-major n×n) by Cholesky decomposition. */
export function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * n + k] as number) * (l[j * n + k] as number);
      if (i === j) {
        if (s <= 0) throw new Error(`solveSpd: matrix is not positive definite (pivot ${s} at ${i})`);
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / (l[j * n + j] as number);
      }
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * n + k] as number) * (y[k] as number);
    y[i] = s / (l[i * n + i] as number);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < n; k++) s -= (l[k * n + i] as number) * (x[k] as number);
    x[i] = s / (l[i * n + i] as number);
  }
  return x;
}
