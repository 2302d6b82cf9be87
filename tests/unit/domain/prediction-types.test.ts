import { describe, expect, it } from "vitest";
import { PREDICTION_TYPES } from "@/lib/domain/prediction";
import { PREDICTION_TYPE_DESCRIPTORS, PREDICTION_TYPE_IDS, type PredictionType } from "@/lib/domain/prediction-types";
import { migrationFiles } from "@/tests/db/support/migrations";
import { readManifest } from "../models/bundled-models";

/**
 * The prediction type's three places (docs/models.md, "Adding a prediction type"): the descriptors, the migrations'
 * CHECK on `predictions.prediction_type`, and the models the pipeline ships. Adding a type to one and not the others
 * fails here, before a device stores a row the server refuses or a model nothing can word.
 */

/** The list in the last migration that (re)defines the constraint, as the database ends up with it. */
function checkedTypes(): string[] {
  const pattern = /predictions_prediction_type_known\s+check\s*\(\s*prediction_type\s+in\s*\(([^)]*)\)\s*\)/gi;
  let last: string | null = null;
  for (const { sql } of migrationFiles()) for (const m of sql.matchAll(pattern)) last = m[1]!;
  if (last === null) throw new Error("no migration defines predictions_prediction_type_known");
  return [...last.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
}

describe("one descriptor per prediction type", () => {
  it("keys each descriptor by its own id, and PREDICTION_TYPES is their list", () => {
    for (const [key, d] of Object.entries(PREDICTION_TYPE_DESCRIPTORS)) expect(d.id).toBe(key);
    expect(PREDICTION_TYPES).toEqual(PREDICTION_TYPE_IDS);
  });

  it("lists exactly the types the database's CHECK accepts", () => {
    expect([...checkedTypes()].sort()).toEqual([...PREDICTION_TYPE_IDS].sort());
  });

  it("lists exactly the shipped models' types, with their tasks, labels, titles and ranges", () => {
    const models = readManifest().models;
    expect(models.map((m) => m.prediction_type).sort()).toEqual([...PREDICTION_TYPE_IDS].sort());
    for (const m of models) {
      const d = PREDICTION_TYPE_DESCRIPTORS[m.prediction_type as PredictionType];
      expect({ type: m.prediction_type, task: m.task, title: m.title }).toEqual({ type: d.id, task: d.task, title: d.title });
      if (d.task === "regression") {
        expect({ min: m.target?.min, max: m.target?.max }).toEqual({ min: d.scale.min, max: d.scale.max });
      } else {
        expect(m.labels).toEqual(d.labels);
      }
    }
  });

  it("scores classes by the descriptor's own labels", () => {
    const today = { mood: 6, energy: 7, stress: 5, sleep_hours: null };
    for (const d of Object.values(PREDICTION_TYPE_DESCRIPTORS)) {
      if (d.task === "regression" || d.track.kind !== "hit") continue;
      for (const next of [1, 3, 5, 6, 8, 10]) {
        expect(d.labels).toContain(d.track.outcome(today, { mood: next, energy: next, stress: next, sleep_hours: null }));
        expect(d.labels).toContain(d.track.persistence({ mood: next, energy: next, stress: next, sleep_hours: null }, today));
      }
    }
  });
});
