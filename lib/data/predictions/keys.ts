import type { PredictionType } from "@/lib/domain/prediction";

export const predictionKeys = {
  all: (userId: string) => ["predictions", userId] as const,
  byType: (userId: string, type: PredictionType, limit: number) => ["predictions", userId, "by-type", type, { limit }] as const,
  trackRecord: (userId: string, from: string | null) => ["predictions", userId, "track-record", { from }] as const,
};
