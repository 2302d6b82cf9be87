import type { PredictionType } from "@/lib/domain/prediction";

export const predictionKeys = {
  all: (userId: string) => ["predictions", userId] as const,
  byType: (userId: string, type: PredictionType, limit: number) => ["predictions", userId, "by-type", type, { limit }] as const,
};
