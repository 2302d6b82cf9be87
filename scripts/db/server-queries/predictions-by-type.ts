import type { SupabaseClient } from "@supabase/supabase-js";
import type { PredictionType } from "@/lib/domain/prediction";
import { isPredictionType } from "@/lib/domain/prediction";
import type { Database } from "@/lib/supabase/database.types";

/** A stored prediction, as the database returns it (`prediction_type` narrowed to the five known types). */
export type PredictionRow = Omit<Database["public"]["Tables"]["predictions"]["Row"], "prediction_type"> & {
  prediction_type: PredictionType;
};

export const PREDICTION_COLUMNS =
  "id,user_id,checkin_id,prediction_type,model_name,model_version,label,score,probabilities,created_at";

export const MAX_PREDICTIONS_LIMIT = 100;

export class PredictionsByTypeError extends Error {
  override name = "PredictionsByTypeError";
}

/**
 * A user's latest predictions of one type, newest first. The filter (user_id, prediction_type) is the leading part of
 * idx_predictions_user_type (migration 011); docs/performance.md has the measurements behind the index choice.
 */
export async function fetchPredictionsByType(
  client: SupabaseClient<Database>,
  params: { userId: string; type: PredictionType; limit: number; signal?: AbortSignal },
): Promise<PredictionRow[]> {
  const { userId, type, limit, signal } = params;
  if (!isPredictionType(type)) {
    throw new PredictionsByTypeError(`Unknown prediction type "${String(type)}"; use one of lib/domain/prediction.ts PREDICTION_TYPES.`);
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PREDICTIONS_LIMIT) {
    throw new PredictionsByTypeError(`limit must be a whole number from 1 to ${MAX_PREDICTIONS_LIMIT}; got ${limit}.`);
  }
  let query = client
    .from("predictions")
    .select(PREDICTION_COLUMNS)
    .eq("user_id", userId)
    .eq("prediction_type", type)
    .order("created_at", { ascending: false })
    .limit(limit);
  if (signal) query = query.abortSignal(signal);
  const { data, error } = await query;
  if (error) {
    throw new PredictionsByTypeError(
      `Could not load ${type} predictions (${error.code ?? "no code"}: ${error.message}). Check the connection and that you are signed in, then retry.`,
      { cause: error },
    );
  }
  return data.map((row) => {
    if (!isPredictionType(row.prediction_type)) {
      // The CHECK constraint makes this impossible unless the database and lib/domain/prediction.ts disagree.
      throw new PredictionsByTypeError(`The database returned an unknown prediction type "${row.prediction_type}"; update lib/domain/prediction.ts.`);
    }
    return { ...row, prediction_type: row.prediction_type };
  });
}
