import { PREDICTION_TYPE_DESCRIPTORS, PREDICTION_TYPE_IDS, type PredictionType } from "@/lib/domain/prediction-types";

export type { PredictionType } from "@/lib/domain/prediction-types";

/**
 * The five prediction types, from their descriptors (lib/domain/prediction-types.ts). `predictions.prediction_type` in
 * the database is CHECKed against exactly this list, and each bundled model (public/models/manifest.json) declares one
 * of them (tests/unit/domain/prediction-types.test.ts).
 */
export const PREDICTION_TYPES: readonly [PredictionType, ...PredictionType[]] = PREDICTION_TYPE_IDS;

export const PREDICTION_TYPE_LABELS = Object.fromEntries(
  PREDICTION_TYPE_IDS.map((t) => [t, PREDICTION_TYPE_DESCRIPTORS[t].title]),
) as Record<PredictionType, string>;

/**
 * Whether this version of the app knows a type. A newer app (another tab, another device) may store a type this one
 * has no descriptor for: rows of it are skipped wherever they are met (the pull, the track record), never failed on.
 */
export function isPredictionType(value: unknown): value is PredictionType {
  return typeof value === "string" && Object.hasOwn(PREDICTION_TYPE_DESCRIPTORS, value);
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
