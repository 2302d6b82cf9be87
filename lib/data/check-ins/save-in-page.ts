import { env } from "@/lib/env";
import { browserChangeBus } from "@/lib/data/local/data-changes";
import { browserLocalStore } from "@/lib/data/local/local-db";
import { type CheckInResult, saveCheckIn } from "@/lib/data/check-ins/save-check-in";
import { pageSavesInFlight } from "@/lib/data/check-ins/saves-in-flight";
import { getCurrentUser } from "@/lib/data/session/current-user";
import { pageServerOffsetMs } from "@/lib/data/sync/page-server-clock";
import type { CheckIn, CheckInInput } from "@/lib/domain/check-in";
import { PREDICTION_TYPES } from "@/lib/domain/prediction";
import type { PredictionOutcome } from "@/lib/predictions/run-predictions";
import { loadModelRegistry } from "@/lib/predictions/load-registry";
import { browserTimeZone } from "@/lib/features/time-zone";

export type { CheckInResult } from "@/lib/data/check-ins/save-check-in";

/**
 * Save check-in in this page (lib/data/check-ins/save-check-in.ts with the page's store, bus and models). A plain
 * function, not a TanStack mutation: the home page saves without the query library (issue 20). The queries that read
 * what it wrote go stale through the bus it notifies (lib/query/get-query-client.ts listens), in this tab and others.
 */
export function saveCheckInInPage(input: CheckInInput): Promise<CheckInResult> {
  const timeZone = browserTimeZone();
  // Counted until its predictions are stored: Sign out waits for it (lib/data/sync/sync-engine.ts).
  return pageSavesInFlight().track(saveCheckIn(
    {
      store: browserLocalStore(),
      bus: browserChangeBus(),
      queue: env.mode === "supabase",
      getUser: getCurrentUser,
      now: () => Date.now(),
      serverOffsetMs: pageServerOffsetMs,
      timeZone,
      predict: (checkIn, history) => predict(checkIn, history, timeZone),
    },
    input,
  ));
}

/** The predictions' own code (chunks of their own), imported by the first Save or ahead of it (preloadPredictionCode). */
const loadPredictionCode = () => [import("@/lib/predictions/run-predictions"), import("@/lib/personal/use/personal-lookup")] as const;

/**
 * Fetches the predictions' code ahead of a Save (the form calls it with the save path, at the first sign of intent), so
 * that nothing is fetched between the click and the five predictions (issue 20). A failure is left to the Save.
 */
export function preloadPredictionCode(): void {
  for (const chunk of loadPredictionCode()) chunk.catch(() => undefined);
}

/** The five predictions for a stored check-in; any failure becomes an outcome, never an exception. */
async function predict(checkIn: CheckIn, history: readonly CheckIn[], timeZone: string): Promise<PredictionOutcome[]> {
  try {
    const [{ runPredictions }, { personalLookup }, registry] = await Promise.all([...loadPredictionCode(), loadModelRegistry()] as const);
    // The person's own models where their gate chose them (and they have not turned them off); never fails the save.
    const personal = await personalLookup(browserLocalStore(), registry, checkIn.user_id).catch(() => undefined);
    // early: onnxruntime may still be starting (a returning person who taps Save at once); the exact TypeScript
    // evaluator answers meanwhile and onnxruntime checks it (lib/models/early-model.ts).
    return await runPredictions({ registry, checkIn, history, timeZone, personal, early: true });
  } catch (error) {
    // The models' code could not be loaded (a chunk missing after a deploy, offline before the first visit…).
    const message = error instanceof Error ? error.message : String(error);
    return PREDICTION_TYPES.map((type) => ({ type, ok: false as const, error: message }));
  }
}
