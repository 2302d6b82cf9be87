import type { CheckIn } from "@/lib/domain/check-in";
import type { Prediction } from "@/lib/domain/prediction";

/**
 * A write waiting to reach Supabase. Items are sent in `seq` order, so a check-in always lands before its predictions
 * (which reference it). Ids are made in the browser, so sending an item twice is harmless (upsert, ignore duplicates).
 */
export type OutboxItem =
  | { seq?: number; kind: "check_in"; checkIn: CheckIn; queuedAt: string; lastError?: string }
  | { seq?: number; kind: "predictions"; predictions: Prediction[]; queuedAt: string; lastError?: string };
