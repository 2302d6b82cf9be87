import { describe, expect, it } from "vitest";
import type { ModelEntry } from "@/lib/models/manifest-schema";
import { formatPercent } from "@/lib/domain/probability-words";
import { describePrediction, explainPrediction } from "@/lib/predictions/describe-prediction";
import { summarizeOutput } from "@/lib/predictions/summarize-output";

const entry = (over: Partial<ModelEntry>): ModelEntry => ({
  name: "m", version: "1", prediction_type: "mood_tomorrow", task: "multiclass", title: "t", description: "",
  file: "m.onnx", bytes: 1, sha256: "0".repeat(64),
  input: { name: "input", dtype: "float32", shape: [-1, 1] },
  features: [{ name: "mood", unit: "", description: "", min: 1, max: 10 }],
  outputs: [{ name: "label", dtype: "int64", shape: [-1] }], metrics: {}, ...over,
});

describe("plain-language predictions", () => {
  it("names the most likely mood with its probability", () => {
    const e = entry({ labels: ["low", "steady", "high"] });
    const s = summarizeOutput(e, { label: 1, probabilities: [0.18, 0.62, 0.2], value: null });
    expect(s).toEqual({ label: "steady", score: 0.62, probabilities: [0.18, 0.62, 0.2] });
    expect(describePrediction({ prediction_type: "mood_tomorrow", ...s })).toBe("Tomorrow's mood: likely steady (62%)");
  });

  it("reports binary risks by the probability of yes", () => {
    const e = entry({ prediction_type: "burnout_risk", task: "binary", labels: ["no", "yes"] });
    const s = summarizeOutput(e, { label: 0, probabilities: [0.88, 0.12], value: null });
    expect(describePrediction({ prediction_type: "burnout_risk", ...s })).toBe("Burnout risk: low (12%)");
    const dip = summarizeOutput({ ...e, prediction_type: "energy_dip" }, { label: 1, probabilities: [0.3, 0.7], value: null });
    expect(describePrediction({ prediction_type: "energy_dip", ...dip })).toBe("Energy dip tomorrow: likely (70%)");
  });

  it("clamps regressions to the target range and bands them", () => {
    const sleep = entry({ prediction_type: "sleep_quality", task: "regression", target: { unit: "score", min: 0, max: 100 } });
    const s = summarizeOutput(sleep, { label: null, probabilities: null, value: 104.2 });
    expect(s).toEqual({ label: null, score: 100, probabilities: null });
    expect(describePrediction({ prediction_type: "sleep_quality", ...s })).toBe("Sleep quality tonight: good (100/100)");
    const stress = entry({ prediction_type: "stress_forecast", task: "regression", target: { unit: "", min: 1, max: 10 } });
    const t = summarizeOutput(stress, { label: null, probabilities: null, value: 5.43 });
    expect(describePrediction({ prediction_type: "stress_forecast", ...t })).toBe("Tomorrow's stress: moderate (about 5.4 of 10)");
  });

  it("refuses an output without numbers instead of showing nonsense", () => {
    const e = entry({ labels: ["low", "steady", "high"] });
    expect(() => summarizeOutput(e, { label: null, probabilities: null, value: null })).toThrow(/clear its cache/);
  });

  it("never rounds a probability to certainty: under 1% and over 99% in words", () => {
    expect(formatPercent(0)).toBe("under 1%");
    expect(formatPercent(0.004)).toBe("under 1%");
    expect(formatPercent(0.01)).toBe("1%");
    expect(formatPercent(0.994)).toBe("over 99%");
    expect(formatPercent(1)).toBe("over 99%");
    const burnout = { prediction_type: "burnout_risk" as const, label: "no", score: 0.997, probabilities: [0.997, 0.003] };
    expect(describePrediction(burnout)).toBe("Burnout risk: low (under 1%)");
    expect(explainPrediction(burnout)).toBe(
      "Whether you will have at least one burnout day (sustained overload) in the next 7 days: the model puts the chance at fewer than 1 in 100.",
    );
    const mood = { prediction_type: "mood_tomorrow" as const, label: "steady", score: 0.996, probabilities: [0.002, 0.996, 0.002] };
    expect(describePrediction(mood)).toBe("Tomorrow's mood: likely steady (over 99%)");
  });

  it("says under each prediction what it means and how sure the model is", () => {
    const mood = (score: number) => explainPrediction({ prediction_type: "mood_tomorrow", label: "steady", score, probabilities: null });
    expect(mood(0.62)).toBe(
      'Whether tomorrow\'s mood will be low (1–4), steady (5–7) or high (8–10): the model gives "steady" about 62 in 100, so more likely than not, but far from certain.',
    );
    expect(mood(0.85)).toMatch(/about 85 in 100, so the model is fairly sure\.$/);
    expect(mood(0.41)).toMatch(/a close call: another outcome is nearly as likely\.$/);
    expect(explainPrediction({ prediction_type: "energy_dip", label: "yes", score: 0.7, probabilities: [0.3, 0.7] })).toBe(
      "Whether tomorrow's energy will be at least 2 points below today's: the model puts the chance at about 70 in 100.",
    );
    // Sleep quality sits next to last night's sleep hours on History: the sentence says it is about tonight.
    const sleep = explainPrediction({ prediction_type: "sleep_quality", label: null, score: 62, probabilities: null });
    expect(sleep).toMatch(/^How well you are likely to sleep tonight, from 0 \(very poorly\) to 100 \(very well\), not a measure of last night's sleep/);
    expect(sleep).toMatch(/usually within about 7 points\.$/);
    expect(explainPrediction({ prediction_type: "stress_forecast", label: null, score: 5.4, probabilities: null })).toMatch(
      /1–10 scale; an estimate from your recent check-ins, usually within about 1 point\.$/,
    );
  });

  it("writes each sentence as one sentence, without model names or versions", () => {
    const rows = [
      { prediction_type: "mood_tomorrow" as const, label: "low", score: 0.5, probabilities: [0.5, 0.3, 0.2] },
      { prediction_type: "burnout_risk" as const, label: "yes", score: 0.6, probabilities: [0.4, 0.6] },
      { prediction_type: "energy_dip" as const, label: "no", score: 0.9, probabilities: [0.9, 0.1] },
      { prediction_type: "sleep_quality" as const, label: null, score: 80, probabilities: null },
      { prediction_type: "stress_forecast" as const, label: null, score: 2, probabilities: null },
    ];
    for (const row of rows) {
      const text = `${describePrediction(row)} ${explainPrediction(row)}`;
      expect(text).not.toMatch(/lgbm|v\d+\.\d+|_v1/);
      expect(explainPrediction(row).match(/[.!?](\s|$)/g)).toHaveLength(1);
    }
  });
});
