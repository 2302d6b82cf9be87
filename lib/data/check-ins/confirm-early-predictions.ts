import type { Prediction } from "@/lib/domain/prediction";
import type { ParityCheck } from "@/lib/models/early-model";
import type { PredictionOutcome } from "@/lib/predictions/run-predictions";
import { summarizeOutput } from "@/lib/predictions/summarize-output";

/**
 * onnxruntime's verdict on a save's early predictions: "confirmed" (every one agrees to float32 rounding),
 * "replaced" (one or more differed: onnxruntime's numbers are stored and shown instead, and the difference is reported
 * as an error) or "unconfirmed" (onnxruntime could not run; the early numbers stand).
 */
export type EarlyCheckStatus = "confirmed" | "replaced" | "unconfirmed";

export type EarlyConfirmation = { status: EarlyCheckStatus; outcomes: PredictionOutcome[]; errors: Error[] };

/**
 * Waits for onnxruntime's check of each early prediction (early-model.ts), stores onnxruntime's version of any that
 * differed (same prediction id: it replaces the row, and in Supabase mode is queued again) and returns the outcomes as
 * they now stand. Never rejects: a failed store is one more error in the result.
 */
export async function confirmEarlyPredictions(
  outcomes: PredictionOutcome[],
  store: (replaced: Prediction[]) => Promise<void>,
): Promise<EarlyConfirmation> {
  const errors: Error[] = [];
  let unconfirmed = false;
  const replaced: Prediction[] = [];
  const next = await Promise.all(
    outcomes.map(async (outcome): Promise<PredictionOutcome> => {
      if (!outcome.ok || !outcome.check) return outcome;
      const check: ParityCheck = await outcome.check;
      const { check: _done, ...settled } = outcome;
      if (check.status === "confirmed") return settled;
      errors.push(check.error);
      if (check.status === "unconfirmed" || !outcome.explainable) {
        unconfirmed = true;
        return settled;
      }
      const prediction: Prediction = { ...outcome.prediction, ...summarizeOutput(outcome.explainable.entry, check.output) };
      replaced.push(prediction);
      return { ...settled, prediction };
    }),
  );
  if (replaced.length > 0) {
    try {
      await store(replaced);
    } catch (error) {
      errors.push(error instanceof Error ? error : new Error(String(error)));
    }
  }
  // An evaluator that disagrees with onnxruntime is a bug to hear about, not something the person can act on.
  for (const error of errors) console.error(error);
  return { status: replaced.length > 0 ? "replaced" : unconfirmed ? "unconfirmed" : "confirmed", outcomes: next, errors };
}
