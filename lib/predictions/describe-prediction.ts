import { PREDICTION_TYPE_LABELS, type PredictionType } from "@/lib/domain/prediction";

export type DescribablePrediction = {
  prediction_type: PredictionType;
  label: string | null;
  score: number | null;
  probabilities: number[] | null;
};

const percent = (p: number) => `${Math.round(p * 100)}%`;

/** Probability of the positive class ("yes") of a binary prediction, from the stored row. */
function positiveProbability(p: DescribablePrediction): number | null {
  const fromArray = p.probabilities?.[1];
  if (typeof fromArray === "number") return fromArray;
  if (p.score === null) return null;
  return p.label === "yes" ? p.score : 1 - p.score;
}

/** One sentence a person can read, e.g. "Tomorrow's mood: likely steady (62%)". */
export function describePrediction(p: DescribablePrediction): string {
  const title = PREDICTION_TYPE_LABELS[p.prediction_type];
  switch (p.prediction_type) {
    case "mood_tomorrow":
      return p.score === null ? `${title}: unknown` : `${title}: likely ${p.label ?? "unknown"} (${percent(p.score)})`;
    case "burnout_risk": {
      const yes = positiveProbability(p);
      if (yes === null) return `${title}: unknown`;
      const band = yes < 0.25 ? "low" : yes < 0.5 ? "moderate" : "high";
      return `${title}: ${band} (${percent(yes)})`;
    }
    case "energy_dip": {
      const yes = positiveProbability(p);
      if (yes === null) return `${title}: unknown`;
      return `${title}: ${yes >= 0.5 ? "likely" : "unlikely"} (${percent(yes)})`;
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
