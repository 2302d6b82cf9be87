/**
 * How a probability is said to a person, shared by every prediction type's words (prediction-types.ts). Free of any
 * library, like the rest of lib/domain.
 */

/** What the words of a prediction read from its stored row (the `predictions` table's label, score, probabilities). */
export type StoredPrediction = {
  label: string | null;
  score: number | null;
  probabilities: readonly number[] | null;
};

/**
 * A probability as a person reads it. Rounding 0.3 % to "0%" (or 99.6 % to "100%") reads as certainty that no model
 * has, so the ends are said in words.
 */
export function formatPercent(p: number): string {
  if (p < 0.01) return "under 1%";
  if (p > 0.99) return "over 99%";
  return `${Math.round(p * 100)}%`;
}

/** The same probability as a natural frequency ("about 12 in 100"), which people misread less often than a percent. */
export function inHundred(p: number): string {
  if (p < 0.01) return "fewer than 1 in 100";
  if (p > 0.99) return "more than 99 in 100";
  return `about ${Math.round(p * 100)} in 100`;
}

/** How sure a classifier is of its most likely class, in words. */
export function sureness(top: number): string {
  if (top >= 0.8) return "the model is fairly sure";
  if (top >= 0.6) return "more likely than not, but far from certain";
  return "a close call: another outcome is nearly as likely";
}

/**
 * Probability of the positive class ("yes") of a binary prediction, from the stored row: `probabilities[1]`, or (a row
 * without them) the score of the stored label. Null when the row holds neither.
 */
export function positiveProbability(p: StoredPrediction): number | null {
  const fromArray = p.probabilities?.[1];
  if (typeof fromArray === "number" && Number.isFinite(fromArray)) return fromArray;
  if (p.score === null || !Number.isFinite(p.score)) return null;
  if (p.label === "yes") return p.score;
  if (p.label === "no") return 1 - p.score;
  return null;
}
