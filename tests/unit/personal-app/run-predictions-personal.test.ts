import { describe, expect, it } from "vitest";
import type { CheckIn } from "@/lib/domain/check-in";
import type { ModelEntry } from "@/lib/models/manifest-schema";
import { personalEntry } from "@/lib/models/personal-entry";
import type { LoadedModel, ModelOutput } from "@/lib/models/registry";
import { type PersonalLookup, runPredictions } from "@/lib/predictions/run-predictions";
import { readManifest } from "../models/bundled-models";

const manifest = readManifest();
const at = "2026-03-02T20:00:00.000Z";
const checkIn: CheckIn = { id: "c1", user_id: "u1", checkin_date: at, created_at: at, mood: 6, energy: 6, stress: 2, sleep_hours: 7, activity_minutes: 30, notes: null };

/** A model answering a fixed output: the generic models 5 (stress) / class 1, the personal one 9. */
const model = (entry: ModelEntry, value: number): LoadedModel => ({
  entry,
  run: async (): Promise<ModelOutput> =>
    entry.task === "regression" ? { label: null, probabilities: null, value } : { label: 1, probabilities: entry.labels!.map((_, i) => (i === 1 ? 0.9 : 0.1 / (entry.labels!.length - 1))), value: null },
});
const registry = { getByType: async (type: string) => model(manifest.models.find((m) => m.prediction_type === type)!, 5) };
const stressGeneric = manifest.models.find((m) => m.prediction_type === "stress_forecast")!;
const personal = model(personalEntry({ generic: stressGeneric, sha256: "ab".repeat(32), size: 10, tree: { bytes: 4, sha256: "cd".repeat(32) } }), 9);
const tree = async () => new Uint8Array(4);

describe("runPredictions with personal models", () => {
  it("uses the personal model where the lookup gives one: the row names it, Why? gets its tree file", async () => {
    const lookup: PersonalLookup = async (type) => (type === "stress_forecast" ? { model: personal, treeFile: tree } : null);
    const outcomes = await runPredictions({ registry, checkIn, history: [], timeZone: "UTC", personal: lookup });
    const stress = outcomes.find((o) => o.type === "stress_forecast");
    expect(stress?.ok && stress.prediction).toMatchObject({ model_name: "lgbm_stress_forecast_v1_personal", model_version: `${stressGeneric.version}+p.abababababab`, score: 9 });
    expect(stress?.ok && stress.personal).toBe(true);
    expect(stress?.ok && stress.explainable?.treeFile).toBe(tree);
    for (const o of outcomes.filter((x) => x.type !== "stress_forecast")) {
      expect(o.ok && o.personal).toBe(false);
      expect(o.ok && o.prediction.model_name.endsWith("_personal")).toBe(false);
    }
  });

  it("a lookup that fails means the generic model, never a failed prediction", async () => {
    const lookup: PersonalLookup = async () => {
      throw new Error("IndexedDB went away");
    };
    const outcomes = await runPredictions({ registry, checkIn, history: [], timeZone: "UTC", personal: lookup });
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const stress = outcomes.find((o) => o.type === "stress_forecast");
    expect(stress?.ok && stress.prediction).toMatchObject({ model_name: "lgbm_stress_forecast_v1", score: 5 });
  });
});
