import type { CheckIn } from "@/lib/domain/check-in";
import type { CheckInHistoryPage } from "@/lib/domain/check-in";
import type { Prediction } from "@/lib/domain/prediction";
import type { PredictionType } from "@/lib/domain/prediction";

/**
 * The one typed interface behind which both data modes live. Local mode: IndexedDB in this browser.
 * Supabase mode: PostgREST with RLS, and an IndexedDB outbox for writes made offline.
 */
export interface DataSource {
  readonly mode: "local" | "supabase";
  /** The current user's id, or null when nobody is signed in (Supabase mode only). Works offline. */
  currentUserId(): Promise<string | null>;
  checkInHistory(params: { userId: string; cursor: string | null; pageSize: number; signal?: AbortSignal }): Promise<CheckInHistoryPage>;
  predictionsByType(params: { userId: string; type: PredictionType; limit: number; signal?: AbortSignal }): Promise<Prediction[]>;
  /** Stores a check-in made in the browser (id and timestamps included). Never loses it: offline it is queued. */
  saveCheckIn(checkIn: CheckIn): Promise<{ queued: boolean }>;
  savePredictions(predictions: readonly Prediction[]): Promise<{ queued: boolean }>;
}

export class NotSignedInError extends Error {
  override name = "NotSignedInError";
  constructor() {
    super("You are signed out. Sign in (top right) to save and see your check-ins.");
  }
}
