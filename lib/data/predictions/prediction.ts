import type { PredictionType } from "@/lib/predictions/types";

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
