/**
 * Loss functions as gradient/hessian producers. `scores` and the outputs are row-major [nRows × nOutputs].
 * Hessians match LightGBM's: 1 for L2, p(1-p) for logistic, K/(K-1)·p(1-p) for softmax.
 */
export type Objective = {
  name: "l2" | "logistic" | "softmax";
  nOutputs: number;
  /** Constant starting scores (per output) that minimise the loss on the labels. */
  initScores(y: Float64Array): number[];
  gradients(y: Float64Array, scores: Float64Array, grad: Float64Array, hess: Float64Array): void;
};

const MIN_HESS = 1e-16;

export const l2: Objective = {
  name: "l2",
  nOutputs: 1,
  initScores(y) {
    let s = 0;
    for (const v of y) s += v;
    return [s / y.length];
  },
  gradients(y, scores, grad, hess) {
    for (let i = 0; i < y.length; i++) {
      grad[i] = (scores[i] as number) - (y[i] as number);
      hess[i] = 1;
    }
  },
};

export const logistic: Objective = {
  name: "logistic",
  nOutputs: 1,
  initScores(y) {
    let s = 0;
    for (const v of y) s += v;
    const p = Math.min(1 - 1e-6, Math.max(1e-6, s / y.length));
    return [Math.log(p / (1 - p))];
  },
  gradients(y, scores, grad, hess) {
    for (let i = 0; i < y.length; i++) {
      const p = 1 / (1 + Math.exp(-(scores[i] as number)));
      grad[i] = p - (y[i] as number);
      hess[i] = Math.max(MIN_HESS, p * (1 - p));
    }
  },
};

/** Multiclass softmax; y holds class indices 0..k-1. */
export function softmaxObjective(k: number): Objective {
  const factor = k / (k - 1);
  return {
    name: "softmax",
    nOutputs: k,
    initScores(y) {
      const counts = new Array<number>(k).fill(0);
      for (const v of y) counts[v] = (counts[v] as number) + 1;
      const logs = counts.map((c) => Math.log(Math.max(c, 1) / y.length));
      const m = logs.reduce((a, b) => a + b, 0) / k;
      return logs.map((l) => l - m);
    },
    gradients(y, scores, grad, hess) {
      const p = new Float64Array(k);
      for (let i = 0; i < y.length; i++) {
        let max = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < k; c++) max = Math.max(max, scores[i * k + c] as number);
        let sum = 0;
        for (let c = 0; c < k; c++) {
          p[c] = Math.exp((scores[i * k + c] as number) - max);
          sum += p[c] as number;
        }
        for (let c = 0; c < k; c++) {
          const pc = (p[c] as number) / sum;
          grad[i * k + c] = pc - (y[i] === c ? 1 : 0);
          hess[i * k + c] = Math.max(MIN_HESS, factor * pc * (1 - pc));
        }
      }
    },
  };
}
