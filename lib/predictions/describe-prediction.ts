import type { PredictionType } from "@/lib/domain/prediction";
import { PREDICTION_TYPE_DESCRIPTORS } from "@/lib/domain/prediction-types";

export type DescribablePrediction = {
  prediction_type: PredictionType;
  label: string | null;
  score: number | null;
  probabilities: number[] | null;
};

/** The models' typical errors as the sentences quote them (from the descriptors; see `RegressionType.typicalError`). */
export const TYPICAL_ERROR = {
  sleep_quality: PREDICTION_TYPE_DESCRIPTORS.sleep_quality.typicalError,
  stress_forecast: PREDICTION_TYPE_DESCRIPTORS.stress_forecast.typicalError,
} as const;

/** The headline of a prediction, e.g. "Tomorrow's mood: likely steady (62%)"; the same words on every page. */
export function describePrediction(p: DescribablePrediction): string {
  const d = PREDICTION_TYPE_DESCRIPTORS[p.prediction_type];
  return `${d.title}: ${d.answer(p) ?? "unknown"}`;
}

/**
 * One sentence under the headline: what the prediction is about and how sure the model is. Written for the person who
 * checked in, not for whoever trained the model (model names and versions go behind "Details").
 */
export function explainPrediction(p: DescribablePrediction): string {
  return PREDICTION_TYPE_DESCRIPTORS[p.prediction_type].explain(p);
}
