import { type QueryClient, mutationOptions } from "@tanstack/react-query";
import { env } from "@/lib/env";
import { checkInKeys } from "@/lib/data/check-ins/keys";
import { listLocalCheckInsBetween, putLocalCheckIn } from "@/lib/data/local/local-check-ins";
import { putLocalPredictions } from "@/lib/data/local/local-predictions";
import { predictionKeys } from "@/lib/data/predictions/keys";
import { getCurrentUser, NotSignedInError } from "@/lib/data/session/current-user";
import { notifyDataChanged } from "@/lib/data/local/data-changes";
import { syncKeys } from "@/lib/data/sync/keys";
import { type CheckIn, type CheckInInput, checkInInputSchema } from "@/lib/domain/check-in";
import { PREDICTION_TYPES } from "@/lib/domain/prediction";
import type { PredictionOutcome } from "@/lib/predictions/run-predictions";
import { loadModelRegistry } from "@/lib/predictions/load-registry";
import { historyWindowStart } from "@/lib/features/history-window";
import { browserTimeZone } from "@/lib/features/time-zone";

export type CheckInResult = {
  checkIn: CheckIn;
  /** One per model: its prediction, or why it is missing. */
  outcomes: PredictionOutcome[];
  /** Supabase mode: the check-in is on this device and queued for Supabase (the header shows when it is sent). */
  queued: boolean;
  /** Predictions were made but could not be stored (e.g. storage full); the check-in itself is saved. */
  predictionsNotStored: string | null;
  /** Milliseconds from "Save check-in" to predictions ready, for docs/performance.md. */
  elapsedMs: number;
};

/**
 * Save check-in: validate, store the check-in in the local store (and queue it for Supabase in Supabase mode), run the
 * five models in the browser on it and the history window the features need (read from the local store, so offline
 * predictions are as good as online ones), store their predictions.
 *
 * Once the check-in is stored, the save has succeeded: a model that cannot load or run, or predictions that cannot be
 * stored, are reported next to the results, never as a failed save — a failed save would refill the form, and saving
 * again would store the same check-in twice.
 */
export function checkInMutationOptions(queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: ["check-ins", "create"] as const,
    mutationFn: async (input: CheckInInput): Promise<CheckInResult> => {
      const started = performance.now();
      const valid = checkInInputSchema.parse(input);
      const user = await getCurrentUser();
      if (!user) throw new NotSignedInError();
      const queue = env.mode === "supabase";
      const now = new Date().toISOString();
      const checkIn: CheckIn = { ...valid, id: crypto.randomUUID(), user_id: user.userId, checkin_date: now, created_at: now };
      await putLocalCheckIn(checkIn, { queue });

      const outcomes = await predict(checkIn);
      let predictionsNotStored: string | null = null;
      try {
        await putLocalPredictions(
          outcomes.flatMap((o) => (o.ok ? [o.prediction] : [])),
          { queue },
        );
      } catch (error) {
        predictionsNotStored = error instanceof Error ? error.message : String(error);
      }
      // The sync engine (this tab's or another's) sends the check-in and its predictions now.
      if (queue) notifyDataChanged("queue");
      return { checkIn, outcomes, queued: queue, predictionsNotStored, elapsedMs: performance.now() - started };
    },
    onSuccess: async ({ checkIn }) => {
      notifyDataChanged("rows");
      // Precisely what changed: this user's history, prediction lists and sync queue.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: checkInKeys.all(checkIn.user_id) }),
        queryClient.invalidateQueries({ queryKey: predictionKeys.all(checkIn.user_id) }),
        queryClient.invalidateQueries({ queryKey: syncKeys.all(checkIn.user_id) }),
      ]);
    },
  });
}

/** The five predictions for a stored check-in; any failure becomes an outcome, never an exception. */
async function predict(checkIn: CheckIn): Promise<PredictionOutcome[]> {
  try {
    const timeZone = browserTimeZone();
    const history = await listLocalCheckInsBetween({
      userId: checkIn.user_id,
      from: historyWindowStart(checkIn.checkin_date, timeZone),
      before: checkIn.checkin_date,
    });
    const [{ runPredictions }, registry] = await Promise.all([import("@/lib/predictions/run-predictions"), loadModelRegistry()]);
    return await runPredictions({ registry, checkIn, history, timeZone });
  } catch (error) {
    // The models' code could not be loaded (a chunk missing after a deploy, offline before the first visit…).
    const message = error instanceof Error ? error.message : String(error);
    return PREDICTION_TYPES.map((type) => ({ type, ok: false as const, error: message }));
  }
}
