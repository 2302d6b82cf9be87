import type { ChangeBus } from "@/lib/data/local/data-changes";
import { currentGeneration, StaleGenerationError } from "@/lib/data/local/generation";
import type { LocalStore } from "@/lib/data/local/local-db";
import { listLocalCheckInsBetween, putLocalCheckIn } from "@/lib/data/local/local-check-ins";
import { putLocalPredictions } from "@/lib/data/local/local-predictions";
import { type CurrentUser, NotSignedInError } from "@/lib/data/session/current-user";
import { type CheckIn, type CheckInInput, checkInInputSchema } from "@/lib/domain/check-in";
import { historyWindowStart } from "@/lib/features/history-window";
import type { PredictionOutcome } from "@/lib/predictions/run-predictions";
import { confirmEarlyPredictions, type EarlyConfirmation } from "./confirm-early-predictions";

export type CheckInResult = {
  checkIn: CheckIn;
  /** One per model: its prediction, or why it is missing. */
  outcomes: PredictionOutcome[];
  /** Supabase mode: the check-in is on this device and queued for Supabase (the header shows when it is sent). */
  queued: boolean;
  /** Predictions were made but could not be stored (storage full, or the person signed out meanwhile). */
  predictionsNotStored: string | null;
  /** Milliseconds from "Save check-in" to predictions ready, for docs/performance.md. */
  elapsedMs: number;
  /**
   * When some predictions came from the early evaluator (onnxruntime was still starting): onnxruntime's check of
   * them, with the outcomes as they stand after it (confirm-early-predictions.ts). Null when onnxruntime made them all.
   */
  confirmation: Promise<EarlyConfirmation> | null;
};

export type SaveDeps = {
  store: LocalStore;
  bus: ChangeBus;
  /** Supabase mode: queue the check-in and its predictions for the server. */
  queue: boolean;
  getUser: () => Promise<CurrentUser | null>;
  /** The device's clock (ms). */
  now: () => number;
  /** Server time minus device time when known (lib/data/sync/token-source.ts), else null. */
  serverOffsetMs: () => number | null;
  timeZone: string;
  /** The five models on a stored check-in and the history window before it; failures are outcomes, never throws. */
  predict: (checkIn: CheckIn, history: readonly CheckIn[]) => Promise<PredictionOutcome[]>;
};

/**
 * A device clock this far off the server's is corrected when a check-in is stamped (docs/architecture.md "Clocks"):
 * a fast clock would otherwise be refused as "in the future" by 012's CHECK, a slow one misordered among the person's
 * other devices. Below it, the device's own time (what the person sees on their clock) is kept.
 */
const CLOCK_CORRECTION_THRESHOLD_MS = 60_000;

export function stampTime(now: number, serverOffsetMs: number | null): string {
  const corrected = serverOffsetMs !== null && Math.abs(serverOffsetMs) > CLOCK_CORRECTION_THRESHOLD_MS ? now + serverOffsetMs : now;
  return new Date(corrected).toISOString();
}

/**
 * Save check-in: validate, store it (queued for Supabase in Supabase mode) and announce it at once — the header's
 * unsent count and Sign out's question include it from here on, while the models still run — then run the five models
 * on it and the history window the features need (read from the local store, so offline predictions are as good as
 * online ones), and store their predictions.
 *
 * The store's generation is read before the user: a sign-out, switch or Delete after that point makes both writes
 * refuse (StaleGenerationError) instead of landing after the wipe under the person who left.
 *
 * Once the check-in is stored, the save has succeeded: a model that cannot load or run, or predictions that cannot be
 * stored, are reported next to the results, never as a failed save — a failed save would refill the form, and saving
 * again would store the same check-in twice.
 */
export async function saveCheckIn(deps: SaveDeps, input: CheckInInput): Promise<CheckInResult> {
  const started = deps.now();
  const valid = checkInInputSchema.parse(input);
  const generation = await currentGeneration(deps.store);
  const user = await deps.getUser();
  if (!user) throw new NotSignedInError();
  const stamp = stampTime(deps.now(), deps.serverOffsetMs());
  const checkIn: CheckIn = { ...valid, id: crypto.randomUUID(), user_id: user.userId, checkin_date: stamp, created_at: stamp };
  await putLocalCheckIn(deps.store, checkIn, { queue: deps.queue, generation });
  deps.bus.notify(deps.queue ? "queue" : "rows");

  const history = await listLocalCheckInsBetween(deps.store, {
    userId: checkIn.user_id,
    from: historyWindowStart(checkIn.checkin_date, deps.timeZone),
    before: checkIn.checkin_date,
  });
  const outcomes = await deps.predict(checkIn, history);
  let predictionsNotStored: string | null = null;
  try {
    await putLocalPredictions(
      deps.store,
      outcomes.flatMap((o) => (o.ok ? [o.prediction] : [])),
      { queue: deps.queue, generation },
    );
  } catch (error) {
    predictionsNotStored = error instanceof StaleGenerationError ? error.message : error instanceof Error ? error.message : String(error);
  }
  deps.bus.notify("rows");
  // The sync engine (this tab's or another's) sends the predictions now.
  if (deps.queue) deps.bus.notify("queue");
  const elapsedMs = deps.now() - started;
  const confirmation = outcomes.some((o) => o.ok && o.check)
    ? confirmEarlyPredictions(outcomes, async (replaced) => {
        await putLocalPredictions(deps.store, replaced, { queue: deps.queue, generation });
        deps.bus.notify("rows");
        if (deps.queue) deps.bus.notify("queue");
      })
    : null;
  return { checkIn, outcomes, queued: deps.queue, predictionsNotStored, elapsedMs, confirmation };
}
