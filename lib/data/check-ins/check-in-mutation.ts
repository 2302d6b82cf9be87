import { type QueryClient, mutationOptions } from "@tanstack/react-query";
import { type CheckIn, type CheckInInput, checkInInputSchema } from "@/lib/domain/check-in";
import { checkInKeys } from "@/lib/data/check-ins/keys";
import { outboxKeys } from "@/lib/data/outbox/keys";
import { predictionKeys } from "@/lib/data/predictions/keys";
import { type DataSource, NotSignedInError } from "@/lib/data/source/data-source";
import { getDataSource } from "@/lib/data/source/get-data-source";
import type { PredictionOutcome } from "@/lib/predictions/run-predictions";
import { loadModelRegistry } from "@/lib/predictions/load-registry";
import { browserTimeZone } from "@/lib/features/time-zone";

/** How many earlier check-ins the feature extractor sees (lags and rolling means need at most two weeks). */
const FEATURE_HISTORY = 30;

/** How long predictions may wait for the earlier check-ins (Supabase mode) before going ahead without them. */
const HISTORY_WAIT_MS = 2_000;

/**
 * The check-ins before this one, newest first, for the models' lag and trend features. In Supabase mode offline (or on
 * a network that hangs) predict from this check-in alone, which the models treat as missing history, rather than wait
 * for supabase-js's retries (1 + 2 + 4 s) to give up.
 */
async function earlierCheckIns(source: DataSource, userId: string, before: string): Promise<CheckIn[]> {
  if (source.mode === "supabase" && typeof navigator !== "undefined" && !navigator.onLine) return [];
  const signal = source.mode === "supabase" ? AbortSignal.timeout(HISTORY_WAIT_MS) : undefined;
  try {
    const page = await source.checkInHistory({ userId, cursor: before, pageSize: FEATURE_HISTORY, signal });
    return page.items;
  } catch {
    return [];
  }
}

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
      const history = await earlierCheckIns(source, userId, checkIn.checkin_date);

      const [{ runPredictions }, registry] = await Promise.all([
        import("@/lib/predictions/run-predictions"),
        loadModelRegistry(),
      ]);
      const outcomes = await runPredictions({ registry, checkIn, history, timeZone: browserTimeZone() });
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
