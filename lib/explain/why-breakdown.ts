import type { PredictionType } from "@/lib/domain/prediction";
import type { ModelEntry } from "@/lib/models/manifest-schema";
import { describeFeature } from "./describe-feature";
import type { Explanation } from "./treeshap";

export type ReasonLine = { feature: string; text: string; amount: number };

/**
 * "Why?" in the unit the prediction is shown in: percentage points of the shown probability for classifiers, the
 * predicted value for regressions. `baseline + Σ top + Σ otherWay + rest.amount = shown`, exactly, also after
 * rounding to `decimals` (largest remainder), so the lines a person reads add up to the number on the screen.
 */
export type WhyBreakdown = {
  decimals: number;
  unit: "%" | "";
  baseline: number;
  shown: number;
  /** The three features that moved it most. */
  top: ReasonLine[];
  /** The strongest of the rest that pushed against the overall move. */
  otherWay: ReasonLine[];
  /** Every other feature, plus the last float32/rounding digits of the stored number. */
  rest: { count: number; amount: number };
};

export type ExplainedPrediction = {
  prediction_type: PredictionType;
  label: string | null;
  score: number;
  probabilities: number[] | null;
};

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const softmax = (z: readonly number[]) => {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

/**
 * Turns exact raw-score TreeSHAP values into the shown unit. Regressions need nothing: the raw score is the value.
 * A probability is not additive in the features, so each feature's raw contribution is carried through the link
 * function's slope at the midpoint of the move, then all are scaled together so they sum to the exact change in
 * probability (ranking and signs stay TreeSHAP's; for a binary model the scaling is positive by construction).
 */
export function whyBreakdown(entry: ModelEntry, prediction: ExplainedPrediction, explanation: Explanation, features: ArrayLike<number>): WhyBreakdown {
  const nF = entry.features.length;
  const names = entry.features.map((f) => f.name);
  const row = new Map(names.map((n, i) => [n, features[i] as number]));
  const phi = (o: number, i: number) => explanation.contributions[o * nF + i] as number;
  const E = Array.from(explanation.expectedValue);
  const Z = E.map((e, o) => e + Array.from({ length: nF }, (_, i) => phi(o, i)).reduce((a, b) => a + b, 0));

  let amounts: number[];
  let baseline: number;
  let shown: number;
  let decimals: number;
  let unit: "%" | "";
  if (entry.task === "regression") {
    amounts = names.map((_, i) => phi(0, i));
    baseline = E[0] as number;
    shown = prediction.score;
    decimals = prediction.prediction_type === "stress_forecast" ? 2 : 1;
    unit = "";
  } else {
    const cls = entry.task === "binary" ? 1 : Math.max(0, (entry.labels ?? []).indexOf(prediction.label ?? ""));
    const prob = (z: number[]) => (entry.task === "binary" ? sigmoid(z[0] as number) : (softmax(z)[cls] as number));
    const mid = E.map((e, o) => (e + (Z[o] as number)) / 2);
    let slopes: number[];
    if (entry.task === "binary") {
      const s = sigmoid(mid[0] as number);
      slopes = [s * (1 - s)];
    } else {
      const p = softmax(mid);
      slopes = p.map((pk, k) => (p[cls] as number) * ((k === cls ? 1 : 0) - pk));
    }
    const linear = names.map((_, i) => slopes.reduce((sum, s, o) => sum + s * phi(o, i), 0));
    const change = prob(Z) - prob(E);
    const linearSum = linear.reduce((a, b) => a + b, 0);
    const scale = Math.abs(linearSum) > 1e-12 && Math.sign(linearSum) === Math.sign(change) ? change / linearSum : 1;
    amounts = linear.map((c) => 100 * c * scale);
    baseline = 100 * prob(E);
    shown = 100 * (entry.task === "binary" ? (prediction.probabilities?.[1] ?? sigmoid(Z[0] as number)) : prediction.score);
    decimals = 1;
    unit = "%";
  }

  const phrase = effectPhrase(prediction);
  const line = (i: number): ReasonLine => ({
    feature: names[i] as string,
    text: `${describeFeature(names[i] as string, row)}: ${(amounts[i] as number) >= 0 ? "raises" : "lowers"} ${phrase}`,
    amount: amounts[i] as number,
  });
  const step = 10 ** -decimals;
  const order = names.map((_, i) => i).sort((a, b) => Math.abs(amounts[b] as number) - Math.abs(amounts[a] as number));
  const topIdx = order.filter((i) => Math.abs(amounts[i] as number) >= step / 2).slice(0, 3);
  // "The other way" is against the move a person sees, from the average to the shown number.
  const net = shown - baseline;
  const otherIdx = order
    .filter((i) => !topIdx.includes(i) && Math.abs(amounts[i] as number) >= step / 2 && Math.sign(amounts[i] as number) === -Math.sign(net))
    .slice(0, 2);
  const listed = [...topIdx, ...otherIdx];
  const restAmount = shown - baseline - listed.reduce((s, i) => s + (amounts[i] as number), 0);

  // Largest remainder: round every part so that the rounded parts sum to the rounded shown value.
  const parts = [baseline, ...listed.map((i) => amounts[i] as number), restAmount];
  const rounded = roundToSum(parts, decimals, shown);
  const top = topIdx.map((i, k) => ({ ...line(i), amount: rounded[1 + k] as number }));
  const otherWay = otherIdx.map((i, k) => ({ ...line(i), amount: rounded[1 + topIdx.length + k] as number }));
  return {
    decimals,
    unit,
    baseline: rounded[0] as number,
    shown: round(shown, decimals),
    top,
    otherWay,
    rest: { count: nF - listed.length, amount: rounded[rounded.length - 1] as number },
  };
}

function effectPhrase(p: ExplainedPrediction): string {
  switch (p.prediction_type) {
    case "mood_tomorrow":
      return `the chance of a ${p.label ?? "such a"} mood tomorrow`;
    case "burnout_risk":
      return "burnout risk";
    case "energy_dip":
      return "the chance of an energy dip";
    case "sleep_quality":
      return "tonight's sleep quality";
    case "stress_forecast":
      return "tomorrow's stress";
  }
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

/** Rounds `parts` to `decimals` so that they sum exactly (in those units) to `total` rounded the same way. */
export function roundToSum(parts: readonly number[], decimals: number, total: number): number[] {
  const f = 10 ** decimals;
  const target = Math.round(total * f);
  const floors = parts.map((p) => Math.floor(p * f));
  let missing = target - floors.reduce((a, b) => a + b, 0);
  const byRemainder = parts.map((p, i) => [p * f - (floors[i] as number), i] as const).sort((a, b) => b[0] - a[0]);
  // Parts that really sum to `total` leave 0..parts.length units to hand out; anything else is a bug upstream, and
  // spreading it over the lines would hide it behind numbers that merely look right.
  // (One unit either way is float noise at a rounding boundary.)
  if (missing < -1 || missing > parts.length + 1) throw new RangeError(`parts sum to ${parts.reduce((a, b) => a + b, 0)}, not ${total}`);
  const units = [...floors];
  for (let k = 0; missing > 0; k = (k + 1) % parts.length, missing--) {
    const i = (byRemainder[k] as readonly [number, number])[1];
    units[i] = (units[i] as number) + 1;
  }
  if (missing < 0) {
    const i = (byRemainder[byRemainder.length - 1] as readonly [number, number])[1];
    units[i] = (units[i] as number) - 1;
  }
  return units.map((u) => u / f);
}
