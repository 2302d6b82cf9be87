import { PREDICTION_TYPE_LABELS, type PredictionType } from "@/lib/domain/prediction";

export type DescribablePrediction = {
  prediction_type: PredictionType;
  label: string | null;
  score: number | null;
  probabilities: number[] | null;
};

/**
 * The models' typical error (mean absolute error on held-out data, `metrics.mae` in public/models/manifest.json),
 * rounded the way a person would say it. The stored rows do not carry metrics, and History and Predictions show rows
 * from before a reload, so the numbers live here; tests/unit/predictions/typical-error.test.ts fails when a retrained
 * model's metrics no longer round to them.
 */
export const TYPICAL_ERROR = {
  sleep_quality: { value: 7, unit: "points" },
  stress_forecast: { value: 1, unit: "point" },
} as const;

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
function inHundred(p: number): string {
  if (p < 0.01) return "fewer than 1 in 100";
  if (p > 0.99) return "more than 99 in 100";
  return `about ${Math.round(p * 100)} in 100`;
}

/** How sure a classifier is of its most likely class, in words. */
function sureness(top: number): string {
  if (top >= 0.8) return "the model is fairly sure";
  if (top >= 0.6) return "more likely than not, but far from certain";
  return "a close call: another outcome is nearly as likely";
}

/** Probability of the positive class ("yes") of a binary prediction, from the stored row. */
function positiveProbability(p: DescribablePrediction): number | null {
  const fromArray = p.probabilities?.[1];
  if (typeof fromArray === "number") return fromArray;
  if (p.score === null) return null;
  return p.label === "yes" ? p.score : 1 - p.score;
}

/** The headline of a prediction, e.g. "Tomorrow's mood: likely steady (62%)"; the same words on every page. */
export function describePrediction(p: DescribablePrediction): string {
  const title = PREDICTION_TYPE_LABELS[p.prediction_type];
  switch (p.prediction_type) {
    case "mood_tomorrow":
      return p.score === null ? `${title}: unknown` : `${title}: likely ${p.label ?? "unknown"} (${formatPercent(p.score)})`;
    case "burnout_risk": {
      const yes = positiveProbability(p);
      if (yes === null) return `${title}: unknown`;
      const band = yes < 0.25 ? "low" : yes < 0.5 ? "moderate" : "high";
      return `${title}: ${band} (${formatPercent(yes)})`;
    }
    case "energy_dip": {
      const yes = positiveProbability(p);
      if (yes === null) return `${title}: unknown`;
      return `${title}: ${yes >= 0.5 ? "likely" : "unlikely"} (${formatPercent(yes)})`;
    }
    case "sleep_quality": {
      if (p.score === null) return `${title}: unknown`;
      const band = p.score < 50 ? "poor" : p.score < 75 ? "fair" : "good";
      return `${title}: ${band} (${Math.round(p.score)}/100)`;
    }
    case "stress_forecast": {
      if (p.score === null) return `${title}: unknown`;
      const band = p.score <= 3.5 ? "low" : p.score <= 6.5 ? "moderate" : "high";
      return `${title}: ${band} (about ${p.score.toFixed(1)} of 10)`;
    }
  }
}

/**
 * One sentence under the headline: what the prediction is about and how sure the model is. Written for the person who
 * checked in, not for whoever trained the model (model names and versions go behind "Details").
 */
export function explainPrediction(p: DescribablePrediction): string {
  switch (p.prediction_type) {
    case "mood_tomorrow":
      if (p.score === null) return "Whether tomorrow's mood will be low (1–4), steady (5–7) or high (8–10); the model gave no answer.";
      return `Whether tomorrow's mood will be low (1–4), steady (5–7) or high (8–10): the model gives "${p.label ?? "unknown"}" ${inHundred(p.score)}, so ${sureness(p.score)}.`;
    case "burnout_risk": {
      const yes = positiveProbability(p);
      const chance = yes === null ? "the model gave no answer" : `the model puts the chance at ${inHundred(yes)}`;
      return `Whether you will have at least one burnout day (sustained overload) in the next 7 days: ${chance}.`;
    }
    case "energy_dip": {
      const yes = positiveProbability(p);
      const chance = yes === null ? "the model gave no answer" : `the model puts the chance at ${inHundred(yes)}`;
      return `Whether tomorrow's energy will be at least 2 points below today's: ${chance}.`;
    }
    case "sleep_quality": {
      const { value, unit } = TYPICAL_ERROR.sleep_quality;
      return `How well you are likely to sleep tonight, from 0 (very poorly) to 100 (very well), not a measure of last night's sleep; an estimate from your recent check-ins, usually within about ${value} ${unit}.`;
    }
    case "stress_forecast": {
      const { value, unit } = TYPICAL_ERROR.stress_forecast;
      return `The stress to expect tomorrow on the check-in's 1–10 scale; an estimate from your recent check-ins, usually within about ${value} ${unit}.`;
    }
  }
}
