import type { CheckIn } from "@/lib/domain/check-in";
import type { Prediction } from "@/lib/domain/prediction";
import { extractFeatures, type FeatureSource } from "@/lib/features/extract";
import type { ModelEntry } from "@/lib/models/manifest-schema";
import type { ModelRegistry } from "@/lib/models/registry";
import { summarizeOutput } from "@/lib/predictions/summarize-output";
import { PREDICTION_TYPES, type PredictionType } from "@/lib/domain/prediction";

export type PredictionOutcome =
  /** `explainable`: the model's manifest entry and the exact feature vector it ran on, for "Why?". */
  | { type: PredictionType; ok: true; prediction: Prediction; explainable?: { entry: ModelEntry; features: Float32Array } }
  | { type: PredictionType; ok: false; error: string };

const toFeatureSource = (c: CheckIn): FeatureSource => ({
  checkin_date: c.checkin_date,
  mood: c.mood,
  energy: c.energy,
  stress: c.stress,
  sleep_hours: c.sleep_hours,
  activity_minutes: c.activity_minutes,
});

/**
 * Runs the five models on a check-in in this browser, through the registry (which downloads or reads each model from
 * its cache). One model failing does not hide the other four: each outcome is reported on its own.
 * `history` = earlier check-ins, newest first. `timeZone` = the IANA zone whose calendar days the features count (the
 * person's: `browserTimeZone()` from lib/features/time-zone.ts).
 */
export async function runPredictions(params: {
  registry: Pick<ModelRegistry, "getByType">;
  checkIn: CheckIn;
  history: readonly CheckIn[];
  timeZone: string;
  signal?: AbortSignal;
  now?: () => Date;
}): Promise<PredictionOutcome[]> {
  const { registry, checkIn, history, timeZone, signal } = params;
  const now = params.now ?? (() => new Date());
  const current = toFeatureSource(checkIn);
  const earlier = history.map(toFeatureSource);
  const settled = await Promise.allSettled(
    PREDICTION_TYPES.map(async (type): Promise<{ prediction: Prediction; entry: ModelEntry; features: Float32Array }> => {
      const model = await registry.getByType(type, { signal });
      const features = extractFeatures(model.entry.features, current, earlier, { timeZone });
      const output = await model.run(features);
      const summary = summarizeOutput(model.entry, output);
      const prediction: Prediction = {
        id: crypto.randomUUID(),
        user_id: checkIn.user_id,
        checkin_id: checkIn.id,
        prediction_type: type,
        model_name: model.entry.name,
        model_version: model.entry.version,
        ...summary,
        created_at: now().toISOString(),
      };
      return { prediction, entry: model.entry, features };
    }),
  );
  return settled.map((r, i): PredictionOutcome => {
    const type = PREDICTION_TYPES[i]!;
    return r.status === "fulfilled"
      ? { type, ok: true, prediction: r.value.prediction, explainable: { entry: r.value.entry, features: r.value.features } }
      : { type, ok: false, error: r.reason instanceof Error ? r.reason.message : String(r.reason) };
  });
}
