import type { Prediction } from "@/lib/domain/prediction";
import { isPredictionType } from "@/lib/domain/prediction";
import type { Database } from "@/lib/supabase/database.types";

// The ten columns the app selects (PREDICTION_COLUMNS); change_seq is the sync's, not the prediction's.
type PredictionRow = Omit<Database["public"]["Tables"]["predictions"]["Row"], "change_seq">;

export class UnexpectedPredictionRowError extends Error {
  override name = "UnexpectedPredictionRowError";
}

/** A `predictions` row as the app uses it: numeric score as a number, probabilities as a number array. */
export function predictionFromRow(row: PredictionRow): Prediction {
  if (!isPredictionType(row.prediction_type)) {
    throw new UnexpectedPredictionRowError(
      `Unknown prediction_type "${row.prediction_type}" from the database; update the app or the PREDICTION_TYPES list.`,
    );
  }
  const probabilities = Array.isArray(row.probabilities) && row.probabilities.every((p) => typeof p === "number")
    ? (row.probabilities as number[])
    : null;
  return {
    id: row.id,
    user_id: row.user_id,
    checkin_id: row.checkin_id,
    prediction_type: row.prediction_type,
    model_name: row.model_name,
    model_version: row.model_version,
    label: row.label,
    // Defensive: a numeric column would come back from PostgREST as a string.
    score: Number(row.score),
    probabilities,
    created_at: row.created_at,
  };
}
