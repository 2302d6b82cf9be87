/**
 * The five prediction types. `predictions.prediction_type` in the database is CHECKed against exactly this list,
 * and each bundled model (public/models/manifest.json) declares one of them.
 */
export const PREDICTION_TYPES = [
  "mood_tomorrow",
  "burnout_risk",
  "sleep_quality",
  "stress_forecast",
  "energy_dip",
] as const;

export type PredictionType = (typeof PREDICTION_TYPES)[number];

export const PREDICTION_TYPE_LABELS: Record<PredictionType, string> = {
  mood_tomorrow: "Tomorrow's mood",
  burnout_risk: "Burnout risk",
  sleep_quality: "Sleep quality tonight",
  stress_forecast: "Tomorrow's stress",
  energy_dip: "Energy dip tomorrow",
};

export function isPredictionType(value: string): value is PredictionType {
  return (PREDICTION_TYPES as readonly string[]).includes(value);
}

/**
 * A stored prediction, the same shape in both data modes (it mirrors the `predictions` table).
 * `label` is the class label (classifiers; null for regressions); `score` is the probability of that label
 * (classifiers) or the predicted value (regressions) — never null, as in the database.
 */
export type Prediction = {
  id: string;
  user_id: string;
  checkin_id: string;
  prediction_type: PredictionType;
  model_name: string;
  model_version: string;
  label: string | null;
  score: number;
  probabilities: number[] | null;
  created_at: string;
};
