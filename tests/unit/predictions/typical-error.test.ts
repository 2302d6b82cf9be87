import { describe, expect, it } from "vitest";
import { TYPICAL_ERROR } from "@/lib/predictions/describe-prediction";
import { readManifest } from "../models/bundled-models";

// The sentence under a regression says how far off it usually is. The number is the bundled model's held-out mean
// absolute error, rounded; a retrained model whose error no longer rounds to it must change the words too.
describe("the typical error the prediction sentences quote", () => {
  it.each(Object.entries(TYPICAL_ERROR))("%s matches the bundled model's held-out MAE", (type, quoted) => {
    const model = readManifest().models.find((m) => m.prediction_type === type);
    const mae = model?.metrics.mae;
    expect(typeof mae).toBe("number");
    expect(Math.round(mae as number)).toBe(quoted.value);
  });
});
