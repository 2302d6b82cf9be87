/**
 * exp and log from IEEE-754 basic operations only (+ − × ÷, Math.round, bit reinterpretation), which every engine
 * rounds identically. Math.exp and Math.log are not specified to the last bit: V8, JavaScriptCore and SpiderMonkey
 * may differ in the last ulp, and one ulp in a gradient can flip a split and change a personal model's bytes from one
 * device to another. Accurate to a few ulp, which training needs; it does not need the correctly rounded value, only
 * the same one everywhere.
 */

const LN2_HI = 6.93147180369123816490e-1; // high bits of ln 2 (exact in 32 bits: k·LN2_HI is exact for |k| < 2^21)
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700;
const SQRT2 = 1.4142135623730951;

const scratch = new DataView(new ArrayBuffer(8));

/** 2^k for an integer −1022 ≤ k ≤ 1023, built from its bits (exact). */
function pow2(k: number): number {
  scratch.setUint32(0, (k + 1023) << 20);
  scratch.setUint32(4, 0);
  return scratch.getFloat64(0);
}

export function detExp(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x > 709.7) return Number.POSITIVE_INFINITY;
  if (x < -708) return 0; // below the normal range: far beyond anything a probability needs
  const k = Math.round(x * INV_LN2);
  const r = x - k * LN2_HI - k * LN2_LO; // |r| ≤ ~0.347
  // Taylor series by Horner's rule: 1 + r(1 + r/2(1 + r/3(…))); 18 terms bring the error below 1e-17 for |r| < 0.35.
  let p = 1;
  for (let i = 18; i >= 1; i--) p = 1 + (r / i) * p;
  // Split the scaling so that k = −1022…1023 stays in pow2's range.
  const half = k >> 1;
  return p * pow2(half) * pow2(k - half);
}

export function detLog(x: number): number {
  if (Number.isNaN(x) || x < 0) return Number.NaN;
  if (x === 0) return Number.NEGATIVE_INFINITY;
  if (x === Number.POSITIVE_INFINITY) return x;
  let e = 0;
  let v = x;
  if (v < 2.2250738585072014e-308) {
    v *= 18014398509481984; // 2^54: a subnormal becomes normal
    e -= 54;
  }
  scratch.setFloat64(0, v);
  const hi = scratch.getUint32(0);
  e += ((hi >>> 20) & 0x7ff) - 1023;
  scratch.setUint32(0, (hi & 0x800fffff) | (1023 << 20)); // mantissa m in [1, 2)
  let m = scratch.getFloat64(0);
  if (m > SQRT2) {
    m /= 2;
    e += 1;
  }
  // log m = 2 atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.1716: the odd series to s^31 is below 1e-17.
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let sum = 0;
  for (let i = 31; i >= 1; i -= 2) sum = 1 / i + s2 * sum;
  return e * LN2_HI + (e * LN2_LO + 2 * s * sum);
}

export function detSigmoid(z: number): number {
  return 1 / (1 + detExp(-z));
}

/** Softmax of `scores` into `out` (same length), shifted by the maximum so that no exponent overflows. */
export function detSoftmax(scores: ArrayLike<number>, out: Float64Array): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < out.length; c++) max = Math.max(max, scores[c] as number);
  let sum = 0;
  for (let c = 0; c < out.length; c++) {
    out[c] = detExp((scores[c] as number) - max);
    sum += out[c] as number;
  }
  for (let c = 0; c < out.length; c++) out[c] = (out[c] as number) / sum;
}
