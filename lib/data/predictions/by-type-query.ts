import { queryOptions } from "@tanstack/react-query";
import { browserLocalStore } from "@/lib/data/local/local-db";
import { listLocalPredictionsByType } from "@/lib/data/local/local-predictions";
import { predictionKeys } from "@/lib/data/predictions/keys";
import type { PredictionType } from "@/lib/domain/prediction";

export const PREDICTIONS_LIST_LIMIT = 50;

/** The newest predictions of one type, from the local store (the [user_id, prediction_type, created_at] index). */
export function predictionsByTypeQueryOptions(userId: string, type: PredictionType, limit = PREDICTIONS_LIST_LIMIT) {
  return queryOptions({
    queryKey: predictionKeys.byType(userId, type, limit),
    queryFn: () => listLocalPredictionsByType(browserLocalStore(), { userId, type, limit }),
  });
}
