import type { PredictionType } from "@/lib/domain/prediction";
import { descriptorOf } from "@/lib/domain/prediction-types";
import type { ModelEntry } from "@/lib/models/manifest-schema";
import { describeFeature } from "./describe-feature";
import { linkProbability, probabilityAmounts } from "./probability-amounts";
import type { Explanation } from "./treeshap";

export type ReasonLine = {
  feature: string;
  text: string;
  /** Rounded to the breakdown's `decimals` so that the lines add up on screen. */
  amount: number;
  /** Before rounding: this feature's own amount (see lib/explain/probability-amounts.ts); its sign is the verb's. */
  exact: number;
};

/**
 * "Why?" in the unit the prediction is shown in: percentage points of the shown probability for classifiers, the
 * predicted value for regressions. `start.value + (centre?.amount ?? 0) + Σ top + Σ otherWay + rest.amount = shown`,
 * exactly, also after rounding to `decimals` (largest remainder), so the lines a person reads add up to the number on
 * the screen.
 */
export type WhyBreakdown = {
  decimals: number;
  unit: "%" | "";
  /**
   * Where the lines start. "average": the model's mean prediction over the people it was trained on (the manifest's
   * `explain.mean_output`; for a regression the expected value, which is that mean by construction). "model-start":
   * a classifier from a manifest without `mean_output` — the model's output at its expected raw score, which is not
   * the average prediction and must not be called one.
   */
  start: { kind: "average" | "model-start"; value: number };
  /**
   * Classifiers starting from the average only: the model's own starting point (its output at the expected raw
   * score, where the feature lines begin) minus the average. It belongs to no feature: the average of a sigmoid or
   * softmax is not its value at the average score (a few very high predictions pull the average up).
   */
  centre: { value: number; amount: number } | null;
  shown: number;
  /** The three features that moved it most. */
  top: ReasonLine[];
  /** The strongest of the rest that pushed against the features' overall move. */
  otherWay: ReasonLine[];
  /** Every other feature, plus the last float32/rounding digits of the stored number. */
  rest: { count: number; amount: number };
  /** What the amounts are, where the unit alone does not say it (probabilities). */
  note: string | null;
};

export type ExplainedPrediction = {
  prediction_type: PredictionType;
  label: string | null;
  score: number;
  probabilities: number[] | null;
};

/**
 * Turns exact raw-score TreeSHAP values into the shown unit. Regressions need nothing: the raw score is the value,
 * each amount is the feature's TreeSHAP value. Classifiers: each feature's amount is a defined function of its own
 * contributions (all classes' for multiclass), see `probabilityAmounts`; the amounts add up to the move from the
 * model's starting point to this prediction, and the starting point's distance from the average is its own line.
 */
export function whyBreakdown(entry: ModelEntry, prediction: ExplainedPrediction, explanation: Explanation, features: ArrayLike<number>): WhyBreakdown {
  const nF = entry.features.length;
  const names = entry.features.map((f) => f.name);
  const row = new Map(names.map((n, i) => [n, features[i] as number]));
  const E = Array.from(explanation.expectedValue);
  const meanOutput = entry.explain?.mean_output;

  let amounts: number[];
  let start: WhyBreakdown["start"];
  let centre: WhyBreakdown["centre"] = null;
  let shown: number;
  let decimals: number;
  let unit: "%" | "";
  if (entry.task === "regression") {
    amounts = names.map((_, i) => explanation.contributions[i] as number);
    // The expected value is the cover-weighted mean over the training rows of the model's value: the average.
    start = { kind: "average", value: E[0] as number };
    shown = prediction.score;
    decimals = descriptorOf(prediction.prediction_type).whyDecimals;
    unit = "";
  } else {
    const task = entry.task;
    const cls = task === "binary" ? 1 : Math.max(0, (entry.labels ?? []).indexOf(prediction.label ?? ""));
    amounts = probabilityAmounts(task, explanation.contributions, E, nF, task === "binary" ? 0 : cls).map((a) => 100 * a);
    const modelStart = 100 * linkProbability(task, E, task === "binary" ? 0 : cls);
    const average = meanOutput?.[cls];
    if (average !== undefined && meanOutput?.length === (entry.labels ?? []).length) {
      start = { kind: "average", value: 100 * average };
      centre = { value: modelStart, amount: modelStart - 100 * average };
    } else {
      start = { kind: "model-start", value: modelStart };
    }
    const Z = E.map((e, o) => e + names.reduce((sum, _, i) => sum + (explanation.contributions[o * nF + i] as number), 0));
    shown = 100 * (task === "binary" ? (prediction.probabilities?.[1] ?? linkProbability(task, Z, 0)) : prediction.score);
    decimals = 1;
    unit = "%";
  }

  const phrase = effectPhrase(prediction);
  const line = (i: number): Omit<ReasonLine, "amount"> => ({
    feature: names[i] as string,
    text: `${describeFeature(names[i] as string, row)}: ${(amounts[i] as number) >= 0 ? "raises" : "lowers"} ${phrase}`,
    exact: amounts[i] as number,
  });
  const step = 10 ** -decimals;
  const order = names.map((_, i) => i).sort((a, b) => Math.abs(amounts[b] as number) - Math.abs(amounts[a] as number));
  const topIdx = order.filter((i) => Math.abs(amounts[i] as number) >= step / 2).slice(0, 3);
  // "The other way" is against the features' overall move, from the model's starting point to this prediction.
  const net = amounts.reduce((a, b) => a + b, 0);
  const otherIdx = order
    .filter((i) => !topIdx.includes(i) && Math.abs(amounts[i] as number) >= step / 2 && Math.sign(amounts[i] as number) === -Math.sign(net))
    .slice(0, 2);
  const listed = [...topIdx, ...otherIdx];
  // The unlisted features' own amounts, plus what the stored number's float32 and rounding add (≪ one display step).
  const unlisted = order.filter((i) => !listed.includes(i)).reduce((s, i) => s + (amounts[i] as number), 0);
  const residual = shown - (start.value + (centre?.amount ?? 0) + net);
  const restAmount = unlisted + residual;

  // Largest remainder: round every part so that the rounded parts sum to the rounded shown value.
  const parts = [start.value, ...(centre ? [centre.amount] : []), ...listed.map((i) => amounts[i] as number), restAmount];
  const rounded = roundToSum(parts, decimals, shown);
  const first = centre ? 2 : 1;
  const top = topIdx.map((i, k) => ({ ...line(i), amount: rounded[first + k] as number }));
  const otherWay = otherIdx.map((i, k) => ({ ...line(i), amount: rounded[first + topIdx.length + k] as number }));
  return {
    decimals,
    unit,
    start: { kind: start.kind, value: rounded[0] as number },
    // Shown as "start + amount", so its value is that sum of the rounded parts (it differs from centre.value by ≤ a step).
    centre: centre ? { value: round((rounded[0] as number) + (rounded[1] as number), decimals), amount: rounded[1] as number } : null,
    shown: round(shown, decimals),
    top,
    otherWay,
    rest: { count: nF - listed.length, amount: rounded[rounded.length - 1] as number },
    note: amountsNote(entry, phrase),
  };
}

function amountsNote(entry: ModelEntry, phrase: string): string | null {
  if (entry.task === "regression") return null;
  if (entry.task === "binary") return `Each amount is how many percentage points that number moves ${phrase}.`;
  const labels = (entry.labels ?? []).join(" / ");
  return `Each amount is how many percentage points that number moves ${phrase}, through what it does to the model's scores for ${labels} together.`;
}

/** How a line ends ("raises <phrase>"): the prediction type's own words (lib/domain/prediction-types.ts). */
function effectPhrase(p: ExplainedPrediction): string {
  return descriptorOf(p.prediction_type).whyEffect(p.label);
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
    // Take the unit from the part with the smallest remainder that stays on its side of zero (a +0.04 must not
    // become −0.1: the verb beside it says which way it pushes).
    const candidates = [...byRemainder].reverse().map(([, i]) => i);
    const i = candidates.find((j) => (parts[j] as number) <= 0 || (units[j] as number) - 1 >= 0) ?? (candidates[0] as number);
    units[i] = (units[i] as number) - 1;
  }
  return units.map((u) => u / f);
}
