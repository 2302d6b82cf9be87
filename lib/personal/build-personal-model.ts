import { decodeTreeFile, type ShapForest } from "@/lib/explain/tree-file";
import { PersonalModelError } from "./errors";
import { appendTrees, rawScores } from "./forest";
import { runGate, trainOn } from "./gate";
import { writeOnnx } from "./onnx-writer";
import { buildRows, type PersonalRows } from "./rows";
import { sha256HexSync } from "./sha256";
import { TARGETS, type TargetSpec } from "./targets";
import { encodeTreeFile } from "./tree-file-encode";
import { isPersonalType, MIN_SCORED_DAYS, type BuildPersonalModelInput, type PersonalBuild } from "./types";

/**
 * Trains, gates and packages one person's model for one prediction type (mood_tomorrow, energy_dip or
 * stress_forecast). Pure and synchronous: run it in a web worker, never on the path of Save.
 *
 * 1. Rows: one per local day D that has a check-in and whose next local day D+1 has one too. The features are the
 *    app's own `extractFeatures(entry.features, latest check-in of D, the check-ins before it in the 28-day window)`;
 *    the target is read from the latest check-in of D+1 (the track record's rules).
 * 2. Fewer than MIN_SCORED_DAYS rows: decision "too-few-days", nothing trained.
 * 3. The gate (rolling origin, gate.ts): the most recent days are held out in three folds; for each, personal trees
 *    are trained on the days before it and scored against the generic model and persistence on it. "personal" only
 *    when they are better on the pooled held-out days.
 * 4. When chosen, the deployed model is retrained on every scored day and written as one ONNX TreeEnsemble (generic
 *    trees, then personal trees) and a treeshap-v1 tree file with covers (the generic's own, the person's rows for
 *    the personal trees).
 *
 * Throws `PersonalModelError` for an entry of another prediction type, or a tree file that does not match the entry
 * (feature count, task, outputs); `TreeFileError` for bytes that are not a tree file. Invalid check-ins throw the
 * feature extractor's `FeatureExtractionError`.
 */
export function buildPersonalModel(input: BuildPersonalModelInput): PersonalBuild {
  const { entry } = input;
  const type = entry.prediction_type;
  if (!isPersonalType(type)) throw new PersonalModelError(`${type} has no outcome a check-in observes`);
  const spec = TARGETS[type];
  const generic = decodeTreeFile(input.treeFile);
  checkMatches(entry.name, spec, generic, entry.task, entry.features.length);

  const rows = buildRows(entry.features, input.checkIns, input.timeZone, spec.observes);
  if (rows.nRows < MIN_SCORED_DAYS) return { type, scoredDays: rows.nRows, decision: "too-few-days" };
  const y = labels(spec, rows);
  const baseMargin = rawScores(generic, rows.x, rows.nRows);
  const gate = runGate(spec, rows, y, baseMargin);
  if (!gate.choosePersonal) return { type, scoredDays: rows.nRows, decision: "generic", heldOut: gate.scores };

  const trees = trainOn(spec, rows, y, baseMargin, rows.nRows);
  const combined = appendTrees(generic, trees);
  const basedOn = { name: entry.name, version: entry.version, sha256: entry.sha256 };
  const onnx = writeOnnx(combined, {
    graphName: `${entry.name}_personal`,
    docString:
      `${entry.title}: the bundled model ${entry.name} ${entry.version} continued with ${trees.length} trees trained on ` +
      `${rows.nRows} days of one person's own check-ins, on their device. Not medical advice.`,
    metadata: {
      name: `${entry.name}_personal`,
      prediction_type: type,
      based_on_name: basedOn.name,
      based_on_version: basedOn.version,
      based_on_sha256: basedOn.sha256,
      personal_trees: String(trees.length),
      trained_days: String(rows.nRows),
      features: entry.features.map((f) => f.name).join(","),
      ...(entry.labels ? { labels: entry.labels.join(",") } : {}),
    },
  });
  const treeFile = encodeTreeFile(combined);
  return {
    type,
    scoredDays: rows.nRows,
    decision: "personal",
    heldOut: gate.scores,
    model: {
      onnx,
      sha256: sha256HexSync(onnx),
      treeFile,
      treeSha256: sha256HexSync(treeFile),
      basedOn,
      trainedDays: rows.nRows,
      personalTrees: trees.length,
    },
  };
}

export function labels(spec: TargetSpec, rows: PersonalRows): Float64Array {
  return Float64Array.from(rows.today, (today, r) => spec.label(today, rows.next[r] as (typeof rows.next)[number]));
}

function checkMatches(name: string, spec: TargetSpec, forest: ShapForest, task: string, nFeatures: number): void {
  if (task !== spec.task) throw new PersonalModelError(`${name} is a ${task} model where a ${spec.task} one was expected`);
  if (forest.task !== spec.task || forest.nOutputs !== spec.nOutputs) {
    throw new PersonalModelError(`the tree file holds a ${forest.task} forest with ${forest.nOutputs} outputs, not ${name}'s`);
  }
  if (forest.nFeatures !== nFeatures) throw new PersonalModelError(`the tree file reads ${forest.nFeatures} features, ${name} ${nFeatures}`);
}
