import type { ModelOutput } from "./model-output";

/**
 * How far the early evaluator's class probabilities may be from onnxruntime's, in float32 steps: its `expf` and
 * `Math.exp` can round the last bit apart, and the softmax carries that into a few ulps (measured at most 3, on 12 of
 * 21,000 probabilities: tests/unit/models/tree-ensemble-parity.test.ts). Labels and regression values must be equal.
 */
export const EARLY_PROBABILITY_ULPS = 4;

const pair = new Float32Array(2);
const bits = new Int32Array(pair.buffer);

/** Float32 steps between two float32 values (Infinity when one is NaN and the other is not). */
export function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  pair[0] = a;
  pair[1] = b;
  // Signed-magnitude bit patterns: across zero, the distance is the sum of both sides' steps.
  const ia = (bits[0] as number) < 0 ? -((bits[0] as number) & 0x7fffffff) : (bits[0] as number);
  const ib = (bits[1] as number) < 0 ? -((bits[1] as number) & 0x7fffffff) : (bits[1] as number);
  return Math.abs(ia - ib);
}

/**
 * Where an early output differs from onnxruntime's beyond float32 rounding, in words; null when they agree: the same
 * label, the same regression value, every probability within EARLY_PROBABILITY_ULPS.
 */
export function outputDifference(early: ModelOutput, ort: ModelOutput): string | null {
  if (early.label !== ort.label) return `label ${early.label} against onnxruntime's ${ort.label}`;
  if (!(early.value === ort.value || (Number.isNaN(early.value) && Number.isNaN(ort.value)))) return `value ${early.value} against onnxruntime's ${ort.value}`;
  const a = early.probabilities;
  const b = ort.probabilities;
  if ((a === null) !== (b === null) || (a && b && a.length !== b.length)) return "a different number of probabilities";
  if (a && b) {
    for (let i = 0; i < a.length; i++) {
      const ulps = ulpDistance(a[i] as number, b[i] as number);
      if (ulps > EARLY_PROBABILITY_ULPS) return `probability ${i}: ${a[i]} against onnxruntime's ${b[i]} (${ulps} float32 steps)`;
    }
  }
  return null;
}
