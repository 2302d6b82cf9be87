import { describe, expect, it } from "vitest";
import type { ModelEntry } from "@/lib/models/manifest-schema";
import { describePrediction } from "@/lib/predictions/describe-prediction";
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
});
