import type { PredictionType } from "@/lib/predictions/types";

/**
 * A stored prediction, the same shape in both data modes (it mirrors the `predictions` table).
 * `label` is the class label (classifiers) or a plain-language band (regressions); `score` is the probability of
 * that label (classifiers) or the predicted value (regressions).
 */
export type Prediction = {
  id: string;
  user_id: string;
  checkin_id: string;
  prediction_type: PredictionType;
  model_name: string;
  model_version: string;
  label: string | null;
  score: number | null;
  probabilities: number[] | null;
  created_at: string;
};
