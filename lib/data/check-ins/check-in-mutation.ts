import { type QueryClient, mutationOptions } from "@tanstack/react-query";
import { type CheckIn, type CheckInInput, checkInInputSchema } from "@/lib/checkins/schema";
import { checkInKeys } from "@/lib/data/check-ins/keys";
import { outboxKeys } from "@/lib/data/outbox/keys";
import { predictionKeys } from "@/lib/data/predictions/keys";
import { NotSignedInError } from "@/lib/data/source/data-source";
import { getDataSource } from "@/lib/data/source/get-data-source";
import type { PredictionOutcome } from "@/lib/predictions/run-predictions";
import { loadModelRegistry } from "@/lib/predictions/load-registry";

/** How many earlier check-ins the feature extractor sees (lags and rolling means need at most two weeks). */
const FEATURE_HISTORY = 30;

export type CheckInResult = {
  checkIn: CheckIn;
  outcomes: PredictionOutcome[];
  /** True when Supabase could not be reached and the check-in waits in the outbox. */
  queued: boolean;
  /** Milliseconds from "Save check-in" to predictions ready, for docs/performance.md. */
  elapsedMs: number;
};

/**
 * Save check-in: validate, store the check-in, run the five models in the browser, store their predictions.
 * The check-in is stored before any model runs, so a failing download never loses what the person entered.
 */
export function checkInMutationOptions(queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: ["check-ins", "create"] as const,
    mutationFn: async (input: CheckInInput): Promise<CheckInResult> => {
      const started = performance.now();
      const valid = checkInInputSchema.parse(input);
      const source = await getDataSource();
      const userId = await source.currentUserId();
      if (!userId) throw new NotSignedInError();
      const now = new Date().toISOString();
      const checkIn: CheckIn = { ...valid, id: crypto.randomUUID(), user_id: userId, checkin_date: now, created_at: now };

      const saved = await source.saveCheckIn(checkIn);
      const history = await source
        .checkInHistory({ userId, cursor: checkIn.checkin_date, pageSize: FEATURE_HISTORY })
        .then((page) => page.items)
        // Offline in Supabase mode: predict from this check-in alone (the models treat missing history as missing).
        .catch(() => []);

      const [{ runPredictions }, registry] = await Promise.all([
        import("@/lib/predictions/run-predictions"),
        loadModelRegistry(),
      ]);
      const outcomes = await runPredictions({ registry, checkIn, history });
      const predictions = outcomes.flatMap((o) => (o.ok ? [o.prediction] : []));
      const savedPredictions = await source.savePredictions(predictions);
      return { checkIn, outcomes, queued: saved.queued || savedPredictions.queued, elapsedMs: performance.now() - started };
    },
    onSuccess: async ({ checkIn }) => {
      // Precisely what changed: this user's history and prediction lists, and the outbox badge.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: checkInKeys.all(checkIn.user_id) }),
        queryClient.invalidateQueries({ queryKey: predictionKeys.all(checkIn.user_id) }),
        queryClient.invalidateQueries({ queryKey: outboxKeys.pendingCount() }),
      ]);
    },
  });
}
