import { currentGeneration, StaleGenerationError } from "@/lib/data/local/generation";
import { listAllLocalCheckIns } from "@/lib/data/local/local-check-ins";
import type { LocalStore } from "@/lib/data/local/local-db";
import type { Manifest, ModelEntry } from "@/lib/models/manifest-schema";
import { deletePersonalModel, getPersonalModel, putPersonalModel } from "@/lib/personal/store/personal-models-store";
import type { GenericRef, StoredPersonalModel } from "@/lib/personal/store/stored-personal-model";
import { type BuildPersonalModelInput, MIN_SCORED_DAYS, PERSONAL_TYPES, type PersonalBuild, type PersonalCheckIn, type PersonalType } from "@/lib/personal/types";
import { scoredDays } from "./scored-days";

export type TrainDeps = {
  store: LocalStore;
  userId: string;
  timeZone: string;
  manifest: () => Promise<Manifest>;
  /** The generic model's verified tree file, loaded as "Why?" loads it (a copy the caller may hand away). */
  treeFile: (entry: ModelEntry) => Promise<Uint8Array>;
  /** buildPersonalModel, in a worker in the browser. */
  train: (input: BuildPersonalModelInput) => Promise<{ build: PersonalBuild; ms: number }>;
  now: () => Date;
  /** Told when a type's build starts and ends (the Models page shows "training"). */
  onTraining?: (type: PersonalType, training: boolean) => void;
};

export type TrainOutcome =
  | { type: PersonalType; result: "up-to-date" | "too-few-days" | "built"; record?: StoredPersonalModel }
  | { type: PersonalType; result: "failed"; error: string };

const genericOf = (entry: ModelEntry): GenericRef => ({ name: entry.name, version: entry.version, sha256: entry.sha256 });
const sameGeneric = (a: GenericRef, b: GenericRef) => a.name === b.name && a.version === b.version && a.sha256 === b.sha256;

/** The check-in fields the trainer reads, and nothing else (notes never reach the worker). */
const toPersonalCheckIn = (c: PersonalCheckIn): PersonalCheckIn => ({
  id: c.id,
  checkin_date: c.checkin_date,
  mood: c.mood,
  energy: c.energy,
  stress: c.stress,
  sleep_hours: c.sleep_hours,
  activity_minutes: c.activity_minutes,
});

/**
 * Brings a person's personal models up to date with their check-ins, one type after another. A build is due when the
 * person has a newer scored day than the stored build was trained through (days accrue), or the generic model it was
 * made against is no longer the manifest's (then the old one is discarded at once). Short of MIN_SCORED_DAYS, the
 * count is stored without loading a tree file or starting the trainer. Every write is fenced by the generation read
 * at the start: after a sign-out, an account switch or Delete my data, nothing of this run is stored.
 */
export async function trainPersonalModels(deps: TrainDeps): Promise<TrainOutcome[]> {
  const { store, userId, timeZone } = deps;
  const generation = await currentGeneration(store);
  const manifest = await deps.manifest();
  const checkIns = (await listAllLocalCheckIns(store, userId)).map(toPersonalCheckIn);
  const days = scoredDays(checkIns, timeZone);
  const outcomes: TrainOutcome[] = [];
  for (const type of PERSONAL_TYPES) {
    const entry = manifest.models.find((m) => m.prediction_type === type);
    if (!entry) continue;
    const generic = genericOf(entry);
    const stored = await getPersonalModel(store, userId, type);
    if (stored && !sameGeneric(stored.generic, generic)) await deletePersonalModel(store, userId, type);
    else if (stored && stored.trainedThrough === days.newest && stored.scoredDays === days.count) {
      outcomes.push({ type, result: "up-to-date", record: stored });
      continue;
    }
    const base = { user_id: userId, prediction_type: type, generic, trainedThrough: days.newest, builtAt: deps.now().toISOString() };
    try {
      let record: StoredPersonalModel;
      if (days.count < MIN_SCORED_DAYS || !entry.explain) {
        record = { ...base, decision: "too-few-days", scoredDays: days.count, trainMs: 0 };
      } else {
        deps.onTraining?.(type, true);
        try {
          const treeFile = await deps.treeFile(entry);
          const { build, ms } = await deps.train({ entry, treeFile, checkIns, timeZone });
          record = {
            ...base,
            decision: build.decision,
            scoredDays: build.scoredDays,
            ...(build.heldOut ? { heldOut: build.heldOut } : {}),
            trainMs: ms,
            ...(build.model
              ? {
                  model: {
                    onnx: new Blob([build.model.onnx as Uint8Array<ArrayBuffer>]),
                    sha256: build.model.sha256,
                    treeFile: new Blob([build.model.treeFile as Uint8Array<ArrayBuffer>]),
                    treeSha256: build.model.treeSha256,
                    trainedDays: build.model.trainedDays,
                    personalTrees: build.model.personalTrees,
                  },
                }
              : {}),
          };
        } finally {
          deps.onTraining?.(type, false);
        }
      }
      await putPersonalModel(store, record, generation);
      outcomes.push({ type, result: record.decision === "too-few-days" ? "too-few-days" : "built", record });
    } catch (error) {
      // Wiped under us: this person's data is gone from the device, and so is anything more this run would build.
      if (error instanceof StaleGenerationError) return outcomes;
      outcomes.push({ type, result: "failed", error: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcomes;
}
