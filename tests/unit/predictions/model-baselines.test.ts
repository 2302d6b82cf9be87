import { describe, expect, it } from "vitest";
import type { PredictionType } from "@/lib/domain/prediction";
import { compareWithBaselines, describeBaselines, trainingBaseRates } from "@/lib/predictions/model-baselines";
import { readManifest } from "../models/bundled-models";

const entry = (prediction_type: PredictionType, metrics: Record<string, number>) => ({ prediction_type, metrics });

describe("a model's record against its baselines, in words, from the manifest's metrics", () => {
  it("says plainly when a model is no better than assuming tomorrow is like today", () => {
    expect(describeBaselines(entry("mood_tomorrow", { accuracy: 0.7, persistence_accuracy: 0.726, linear_accuracy: 0.69 }))).toEqual({
      verdict: "On test data this model was no better than assuming tomorrow is like today.",
      figures:
        "Accuracy on test data (higher is better): this model 0.700; assuming tomorrow is like today 0.726; a simple linear model on the same inputs 0.690.",
      beatsAll: false,
    });
  });

  it("names every rule the model did not beat, and calls a tie 'no better'", () => {
    const text = describeBaselines(entry("energy_dip", { brier: 0.1016, persistence_brier: 0.3078, linear_brier: 0.1016 }));
    expect(text?.verdict).toBe("On test data this model was no better than a simple linear model on the same inputs.");
    const both = describeBaselines(entry("stress_forecast", { mae: 1, persistence_mae: 0.9, linear_mae: 0.95 }));
    expect(both?.verdict).toBe(
      "On test data this model was no better than assuming tomorrow is like today, nor than a simple linear model on the same inputs.",
    );
  });

  it("reads lower-is-better metrics the right way round", () => {
    expect(describeBaselines(entry("energy_dip", { brier: 0.0996, persistence_brier: 0.3078, linear_brier: 0.1016 }))).toEqual({
      verdict: "On test data this model did better than assuming tomorrow is like today and than a simple linear model on the same inputs.",
      figures:
        "Brier score on test data (lower is better): this model 0.0996; assuming tomorrow is like today 0.3078; a simple linear model on the same inputs 0.1016.",
      beatsAll: true,
    });
  });

  it("uses the main metric when it has baselines, another metric only when it has none, and nothing without any", () => {
    // Main metric for stress is MAE: the RMSE comparison below is not used while MAE has a baseline.
    const both = compareWithBaselines(entry("stress_forecast", { mae: 0.86, persistence_mae: 0.94, rmse: 1.5, persistence_rmse: 1.3 }));
    expect(both).toMatchObject({ metric: "mae", baselines: [{ key: "persistence", beaten: true }] });
    // An older manifest: no persistence_mae, but persistence_rmse.
    expect(compareWithBaselines(entry("stress_forecast", { mae: 0.82, rmse: 1.046, persistence_rmse: 1.219 }))).toMatchObject({ metric: "rmse", model: 1.046 });
    // base_rate_* / baseline_* are the base rate, not these rules.
    expect(describeBaselines(entry("burnout_risk", { auc: 0.98, baseline_auc: 0.5, base_rate_brier: 0.15 }))).toBeNull();
  });

  it("agrees with the pipeline's own beats_persistence / beats_linear for every shipped model that records them", () => {
    for (const m of readManifest().models) {
      const c = compareWithBaselines(m);
      for (const key of ["persistence", "linear"] as const) {
        const flag = m.metrics[`beats_${key}`];
        if (flag === undefined) continue;
        expect({ model: m.name, key, metric: c?.metric, beaten: c?.baselines.find((b) => b.key === key)?.beaten }).toEqual({
          model: m.name, key, metric: expect.any(String), beaten: flag === 1,
        });
      }
    }
  });
});

describe("trainingBaseRates", () => {
  it("takes each binary model's training prevalence, the first listed per type, and nothing else", () => {
    const m = (prediction_type: PredictionType, task: "binary" | "multiclass" | "regression", metrics: Record<string, number>) => ({ prediction_type, task, metrics });
    expect(
      trainingBaseRates([
        m("energy_dip", "binary", { prevalence: 0.161 }),
        m("energy_dip", "binary", { prevalence: 0.5 }),
        m("burnout_risk", "binary", { brier: 0.04 }),
        m("mood_tomorrow", "multiclass", { prevalence: 0.3 }),
      ]),
    ).toEqual({ energy_dip: 0.161 });
  });
});
