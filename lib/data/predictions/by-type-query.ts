import { queryOptions } from "@tanstack/react-query";
import { predictionKeys } from "@/lib/data/predictions/keys";
import { getDataSource } from "@/lib/data/source/get-data-source";
import type { PredictionType } from "@/lib/domain/prediction";

export const PREDICTIONS_LIST_LIMIT = 50;

/** The newest predictions of one type (served by the [user_id, prediction_type, created_at] index in both modes). */
export function predictionsByTypeQueryOptions(userId: string, type: PredictionType, limit = PREDICTIONS_LIST_LIMIT) {
  return queryOptions({
    queryKey: predictionKeys.byType(userId, type, limit),
    queryFn: async ({ signal }) => {
      const source = await getDataSource();
      return source.predictionsByType({ userId, type, limit, signal });
    },
  });
}
