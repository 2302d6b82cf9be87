/** Held-out evaluation metrics. Probabilities are clipped to [1e-15, 1-1e-15] in log losses. */
const EPS = 1e-15;

export function accuracy(labels: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let hit = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === predicted[i]) hit += 1;
  return hit / labels.length;
}

/** Mean negative log-likelihood; probs is row-major [n × k]. */
export function multiclassLogLoss(labels: ArrayLike<number>, probs: ArrayLike<number>, k: number): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = probs[i * k + (labels[i] as number)] as number;
    s -= Math.log(Math.min(1 - EPS, Math.max(EPS, p)));
  }
  return s / labels.length;
}

export function binaryLogLoss(labels: ArrayLike<number>, p1: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - EPS, Math.max(EPS, p1[i] as number));
    s -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return s / labels.length;
}

/** Area under the ROC curve (rank statistic; ties count half). */
export function auc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const idx = Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let rankSumPos = 0;
  let nPos = 0;
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1] as number] === scores[idx[i] as number]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let m = i; m <= j; m++) {
      if (labels[idx[m] as number] === 1) {
        rankSumPos += avgRank;
        nPos += 1;
      }
    }
    i = j + 1;
  }
  const nNeg = labels.length - nPos;
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

export function rmse(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += ((y[i] as number) - (pred[i] as number)) ** 2;
  return Math.sqrt(s / y.length);
}

export function mae(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs((y[i] as number) - (pred[i] as number));
  return s / y.length;
}

/** Coefficient of determination against the mean of y. */
export function r2(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i] as number;
  mean /= y.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < y.length; i++) {
    ssRes += ((y[i] as number) - (pred[i] as number)) ** 2;
    ssTot += ((y[i] as number) - mean) ** 2;
  }
  return 1 - ssRes / ssTot;
}

/** Brier score of a binary forecast: mean (p − y)². A 0/1 forecast scores its error rate. */
export function binaryBrier(labels: ArrayLike<number>, p1: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) s += ((p1[i] as number) - (labels[i] as number)) ** 2;
  return s / labels.length;
}

/** Multiclass Brier score: mean over rows of Σ_c (p_c − [y = c])², from 0 (perfect) to 2. probs is row-major [n × k]. */
export function multiclassBrier(labels: ArrayLike<number>, probs: ArrayLike<number>, k: number): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) {
    for (let c = 0; c < k; c++) s += ((probs[i * k + c] as number) - (labels[i] === c ? 1 : 0)) ** 2;
  }
  return s / labels.length;
}

/** Number of equal-width bins on [0, 1] of the expected calibration errors below. */
export const ECE_BINS = 10;

/**
 * Expected calibration error of forecasts `confidence` for events `hit` (0/1): rows grouped into ECE_BINS equal-width
 * bins of the forecast ([0, 0.1), …, [0.9, 1]), then Σ_bins (rows in bin / n) · |mean forecast − event rate|.
 */
export function expectedCalibrationError(hit: ArrayLike<number>, confidence: ArrayLike<number>): number {
  const count = new Float64Array(ECE_BINS);
  const sumP = new Float64Array(ECE_BINS);
  const sumY = new Float64Array(ECE_BINS);
  for (let i = 0; i < hit.length; i++) {
    const p = confidence[i] as number;
    const b = Math.min(ECE_BINS - 1, Math.floor(p * ECE_BINS));
    count[b] = (count[b] as number) + 1;
    sumP[b] = (sumP[b] as number) + p;
    sumY[b] = (sumY[b] as number) + (hit[i] as number);
  }
  let ece = 0;
  for (let b = 0; b < ECE_BINS; b++) {
    const n = count[b] as number;
    if (n > 0) ece += (n / hit.length) * Math.abs((sumP[b] as number) / n - (sumY[b] as number) / n);
  }
  return ece;
}

/** Top-label ECE of a multiclass forecast: the confidence is the largest probability, the event "that class happened". */
export function topLabelEce(labels: ArrayLike<number>, probs: ArrayLike<number>, k: number): number {
  const confidence: number[] = [];
  const hit: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if ((probs[i * k + c] as number) > (probs[i * k + best] as number)) best = c;
    confidence.push(probs[i * k + best] as number);
    hit.push(labels[i] === best ? 1 : 0);
  }
  return expectedCalibrationError(hit, confidence);
}
