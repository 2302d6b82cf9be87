import type { BuildPersonalModelInput, PersonalBuild } from "./types";

/**
 * Trains, gates and packages one person's model for one prediction type (mood_tomorrow, energy_dip or
 * stress_forecast). Pure and synchronous: run it in a web worker, never on the path of Save.
 *
 * 1. Rows: one per local day D that has a check-in and whose next local day D+1 has one too. The features are the
 *    app's own `extractFeatures(entry.features, latest check-in of D, the check-ins before it in the 28-day window)`;
 *    the target is read from the latest check-in of D+1 (the track record's rules).
 * 2. Fewer than MIN_SCORED_DAYS rows: decision "too-few-days", nothing trained.
 * 3. The gate (rolling origin): the most recent days are held out in folds; for each, a personal model is trained on
 *    the days before it and scored against the generic model and persistence on it. "personal" only when it is
 *    better on the pooled held-out days.
 * 4. When chosen, the deployed model is retrained on every scored day and written as one ONNX TreeEnsemble (generic
 *    trees + personal trees) and a treeshap-v1 tree file with covers.
 *
 * Throws `PersonalModelError` for an entry of another prediction type, or a tree file that does not match the entry
 * (feature count, task, outputs). Invalid check-ins throw the feature extractor's `FeatureExtractionError`.
 */
export function buildPersonalModel(input: BuildPersonalModelInput): PersonalBuild {
  void input;
  throw new Error("buildPersonalModel: not implemented yet (API committed first for the app helper)");
}
