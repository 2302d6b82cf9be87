import { describe, expect, it } from "vitest";
import { accuracy, auc, binaryLogLoss, mae, multiclassLogLoss, r2, rmse } from "./metrics";

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
});
