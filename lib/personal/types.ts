import type { CheckIn } from "@/lib/domain/check-in";
import type { PredictionType } from "@/lib/domain/prediction";
import type { ModelEntry } from "@/lib/models/manifest-schema";

/**
 * Personal models: the types of the API the app (a web worker) calls, `buildPersonalModel` in
 * build-personal-model.ts. Everything here is pure and synchronous — no clock,
 * no locale, no randomness, no I/O — so the same check-ins give the same bytes on every device and nothing about a
 * personal model needs syncing (docs/models.md, "Personal models").
 */

/** The prediction types a check-in can observe the outcome of, and so the only ones with personal models. */
export const PERSONAL_TYPES = ["mood_tomorrow", "energy_dip", "stress_forecast"] as const satisfies readonly PredictionType[];
export type PersonalType = (typeof PERSONAL_TYPES)[number];

export function isPersonalType(type: string): type is PersonalType {
  return (PERSONAL_TYPES as readonly string[]).includes(type);
}

/** Fewer scored days than this: no personal model is tried (the decision is "too-few-days"). */
export const MIN_SCORED_DAYS = 21;

/** The check-in fields a personal model reads (a `CheckIn` from the local store fits). */
export type PersonalCheckIn = Pick<CheckIn, "id" | "checkin_date" | "mood" | "energy" | "stress" | "sleep_hours" | "activity_minutes">;

export type BuildPersonalModelInput = {
  /** The generic model's manifest entry (its prediction_type must be one of PERSONAL_TYPES). */
  entry: ModelEntry;
  /**
   * The generic model's tree file (treeshap-v1), already checked against `entry.explain.sha256` by the caller
   * (lib/explain/load-tree-file.ts does). Its trees are read back from the shipped .onnx, so they are exactly the
   * trees the generic model runs; the personal model continues from their raw score.
   */
  treeFile: Uint8Array;
  /** Every check-in the person has, in any order. */
  checkIns: readonly PersonalCheckIn[];
  /** The person's IANA zone: whose local days count (as for the features and the track record). */
  timeZone: string;
};

/** The metric shown for the held-out days: mood hit rate (higher is better), energy-dip Brier, stress MAE (lower). */
export type HeldOutMetric = "mood_accuracy" | "energy_dip_brier" | "stress_mae";

export type HeldOutScores = {
  /** How many held-out days were scored, pooled over the origins. */
  days: number;
  /** Rolling origins (folds of consecutive recent days), each trained only on the days before it. */
  origins: number;
  metric: HeldOutMetric;
  higherIsBetter: boolean;
  /** The generic model on those days. */
  generic: number;
  /** The personal models of the origins, on the same days. */
  personal: number;
  /** "Tomorrow is like today" on the same days (mood: today's class; dip: no dip, p = 0; stress: today's stress). */
  persistence: number;
  /**
   * Mood only: the gate also needs a proper scoring rule (a hit rate over ~20 days barely moves), so it compares log
   * losses too; "personal" needs a lower log loss and a strictly higher hit rate.
   */
  logLoss?: { generic: number; personal: number };
};

export type PersonalModelFiles = {
  /** One ONNX TreeEnsembleClassifier/Regressor: the generic trees, then the personal ones. Same outputs as the generic. */
  onnx: Uint8Array;
  /** Lowercase hex SHA-256 of `onnx`. */
  sha256: string;
  /** The combined ensemble as a treeshap-v1 tree file, for "Why?" (lib/explain/tree-file.ts decodes it). */
  treeFile: Uint8Array;
  treeSha256: string;
  /** The generic model this one continues; a new generic version makes this model stale. */
  basedOn: { name: string; version: string; sha256: string };
  /** Scored days it was trained on (all of them: the deployed model is retrained after the gate). */
  trainedDays: number;
  /** Personal trees appended to the generic ones. */
  personalTrees: number;
};

export type PersonalDecision = "personal" | "generic" | "too-few-days";

export type PersonalBuild = {
  type: PersonalType;
  /** Local days with a check-in whose next local day also has one (each gives one training row). */
  scoredDays: number;
  decision: PersonalDecision;
  /** Absent when decision is "too-few-days". */
  heldOut?: HeldOutScores;
  /** Present only when decision is "personal". */
  model?: PersonalModelFiles;
};
