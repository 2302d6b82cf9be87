import { detSigmoid, detSoftmax } from "./det-math";

/**
 * The losses of the three personal targets, as gradient/hessian producers on raw scores (row-major, nRows × nOutputs),
 * with the generic trainer's hessians (tools/training/gbm/objectives.ts: 1 for L2, p(1−p) for logistic,
 * K/(K−1)·p(1−p) for softmax). Exponentials go through det-math so every engine computes the same bits.
 */
export type Loss = {
  name: "l2" | "logistic" | "softmax";
  nOutputs: number;
  gradients(y: Float64Array, scores: Float64Array, grad: Float64Array, hess: Float64Array): void;
};

const MIN_HESS = 1e-16;

export const l2Loss: Loss = {
  name: "l2",
  nOutputs: 1,
  gradients(y, scores, grad, hess) {
    for (let i = 0; i < y.length; i++) {
      grad[i] = (scores[i] as number) - (y[i] as number);
      hess[i] = 1;
    }
  },
};

export const logisticLoss: Loss = {
  name: "logistic",
  nOutputs: 1,
  gradients(y, scores, grad, hess) {
    for (let i = 0; i < y.length; i++) {
      const p = detSigmoid(scores[i] as number);
      grad[i] = p - (y[i] as number);
      hess[i] = Math.max(MIN_HESS, p * (1 - p));
    }
  },
};

export function softmaxLoss(k: number): Loss {
  const factor = k / (k - 1);
  const p = new Float64Array(k);
  return {
    name: "softmax",
    nOutputs: k,
    gradients(y, scores, grad, hess) {
      for (let i = 0; i < y.length; i++) {
        detSoftmax(scores.subarray(i * k, (i + 1) * k), p);
        for (let c = 0; c < k; c++) {
          const pc = p[c] as number;
          grad[i * k + c] = pc - (y[i] === c ? 1 : 0);
          hess[i * k + c] = Math.max(MIN_HESS, factor * pc * (1 - pc));
        }
      }
    },
  };
}
