import type { CheckIn } from "@/lib/domain/check-in";
import type { Prediction } from "@/lib/domain/prediction";
import { extractFeatures, type FeatureSource } from "@/lib/features/extract";
import { isEarlyModel, type ParityCheck } from "@/lib/models/early-model";
import type { ModelEntry } from "@/lib/models/manifest-schema";
import type { LoadedModel, ModelRegistry } from "@/lib/models/registry";
import { summarizeOutput } from "@/lib/predictions/summarize-output";
import { PREDICTION_TYPES, type PredictionType } from "@/lib/domain/prediction";

/** What "Why?" needs: the model's entry, the exact feature vector it ran on, and for a personal model its tree file. */
export type Explainable = { entry: ModelEntry; features: Float32Array; treeFile?: () => Promise<Uint8Array> };

export type PredictionOutcome =
  /** `personal`: made by the person's own model (lib/personal/), which the gate chose and they have not turned off. */
  | {
      type: PredictionType;
      ok: true;
      prediction: Prediction;
      personal?: boolean;
      explainable?: Explainable;
      /** Made by the early evaluator while onnxruntime started: onnxruntime's verdict, once it runs (early-model.ts). */
      check?: Promise<ParityCheck>;
    }
  | { type: PredictionType; ok: false; error: string };

/**
 * The person's own model for a type, when there is one to use (chosen by its gate, not turned off, built on this
 * generic version); null for the generic model. Never throws: a personal model that cannot load means the generic one.
 */
export type PersonalLookup = (type: PredictionType, generic: ModelEntry) => Promise<{ model: LoadedModel; treeFile: () => Promise<Uint8Array> } | null>;

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
 * person's: `browserTimeZone()` from lib/features/time-zone.ts). `personal`: where a type's personal model is used
 * instead of the generic one; the row then names it (`<generic>_personal`, version `<generic version>+p.<hash>`).
 */
export async function runPredictions(params: {
  registry: Pick<ModelRegistry, "getByType">;
  checkIn: CheckIn;
  history: readonly CheckIn[];
  timeZone: string;
  signal?: AbortSignal;
  now?: () => Date;
  personal?: PersonalLookup;
  /** A Save's: use the early evaluator where onnxruntime has not started yet (registry.getEarly). */
  early?: boolean;
}): Promise<PredictionOutcome[]> {
  const { registry, checkIn, history, timeZone, signal } = params;
  const now = params.now ?? (() => new Date());
  const current = toFeatureSource(checkIn);
  const earlier = history.map(toFeatureSource);
  const settled = await Promise.allSettled(
    PREDICTION_TYPES.map(async (type): Promise<{ prediction: Prediction; explainable: Explainable; personal: boolean; check?: Promise<ParityCheck> }> => {
      const generic = await registry.getByType(type, { signal, early: params.early });
      const personal = (await params.personal?.(type, generic.entry).catch(() => null)) ?? null;
      const model = personal?.model ?? generic;
      const features = extractFeatures(model.entry.features, current, earlier, { timeZone });
      const output = await model.run(features);
      const check = isEarlyModel(model) ? model.confirm(features, output) : undefined;
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
      return {
        prediction,
        personal: personal !== null,
        explainable: { entry: model.entry, features, ...(personal ? { treeFile: personal.treeFile } : {}) },
        ...(check ? { check } : {}),
      };
    }),
  );
  return settled.map((r, i): PredictionOutcome => {
    const type = PREDICTION_TYPES[i]!;
    return r.status === "fulfilled"
      ? { type, ok: true, prediction: r.value.prediction, personal: r.value.personal, explainable: r.value.explainable, ...(r.value.check ? { check: r.value.check } : {}) }
      : { type, ok: false, error: r.reason instanceof Error ? r.reason.message : String(r.reason) };
  });
}
