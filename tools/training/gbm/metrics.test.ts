import { describe, expect, it } from "vitest";
import {
  accuracy,
  auc,
  binaryBrier,
  binaryLogLoss,
  expectedCalibrationError,
  mae,
  multiclassBrier,
  multiclassLogLoss,
  r2,
  rmse,
  topLabelEce,
} from "./metrics";

describe("metrics", () => {
  it("computes AUC as a rank statistic with ties counted half", () => {
    expect(auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(auc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1])).toBe(0);
    expect(auc([0, 1], [0.5, 0.5])).toBe(0.5);
    expect(auc([0, 1, 0, 1], [0.1, 0.3, 0.35, 0.8])).toBe(0.75);
    expect(auc([1, 1], [0.1, 0.2])).toBeNaN();
  });

  it("computes log losses, accuracy and regression errors", () => {
    expect(binaryLogLoss([1, 0], [0.5, 0.5])).toBeCloseTo(Math.log(2), 12);
    expect(multiclassLogLoss([2], [0.25, 0.25, 0.5], 3)).toBeCloseTo(Math.log(2), 12);
    expect(binaryLogLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 6); // clipped, not Infinity
    expect(accuracy([1, 2, 3], [1, 0, 3])).toBeCloseTo(2 / 3, 12);
    expect(rmse([1, 2, 3], [1, 2, 5])).toBeCloseTo(Math.sqrt(4 / 3), 12);
    expect(mae([1, 2, 3], [2, 2, 2])).toBeCloseTo(2 / 3, 12);
    expect(r2([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(r2([1, 2, 3], [2, 2, 2])).toBe(0);
  });

  it("computes Brier scores: a 0/1 forecast scores its error rate", () => {
    expect(binaryBrier([1, 0, 1, 0], [1, 0, 0, 0])).toBe(0.25);
    expect(binaryBrier([1, 0], [0.8, 0.4])).toBeCloseTo((0.04 + 0.16) / 2, 12);
    expect(multiclassBrier([2, 0], [0, 0, 1, 0.5, 0.5, 0], 3)).toBeCloseTo((0 + 0.5) / 2, 12);
  });

  it("computes ECE over 10 equal-width bins, weighted by the rows in each", () => {
    // Bin [0.2, 0.3): forecasts 0.2, 0.2 with 1 event of 2 → |0.2 − 0.5| = 0.3, weight 2/4.
    // Bin [0.9, 1]: forecasts 0.9, 1.0 with 2 events → |0.95 − 1| = 0.05, weight 2/4.
    expect(expectedCalibrationError([1, 0, 1, 1], [0.2, 0.2, 0.9, 1])).toBeCloseTo(0.5 * 0.3 + 0.5 * 0.05, 12);
    // Perfectly calibrated within bins.
    expect(expectedCalibrationError([1, 0, 0, 0, 0], [0.2, 0.2, 0.2, 0.2, 0.2])).toBeCloseTo(0, 12);
    // Top-label: confidences 0.6 (right) and 0.7 (wrong), two bins → (|0.6 − 1| + |0.7 − 0|) / 2.
    expect(topLabelEce([0, 1], [0.6, 0.3, 0.1, 0.7, 0.2, 0.1], 3)).toBeCloseTo((0.4 + 0.7) / 2, 12);
  });
});
