import { describe, expect, it } from "vitest";
import { applyBinMapper, fitBinMapper } from "./binning";
import { Random } from "./random";

describe("histogram binning", () => {
  it("puts NaN in bin 0 and gives each of a few distinct values its own bin", () => {
    const x = Float32Array.from([3, Number.NaN, 1, 2, 3, 1]);
    const m = applyBinMapper(fitBinMapper(x, 6, 1, 64), x, 6, 1);
    expect(Array.from(m.upper[0] as Float32Array).slice(1)).toEqual([1, 2, 3]);
    expect(Array.from(m.bins)).toEqual([3, 0, 1, 2, 3, 1]);
    expect(m.binCount[0]).toBe(4);
  });

  it("cuts many values into at most maxBins - 1 bins at data values, so bin <= b ⇔ x <= upper[b] exactly", () => {
    const rng = new Random(11);
    const n = 5000;
    const x = Float32Array.from({ length: n }, () => (rng.chance(0.05) ? Number.NaN : rng.normal(0, 3)));
    const m = applyBinMapper(fitBinMapper(x, n, 1, 32), x, n, 1);
    const upper = m.upper[0] as Float32Array;
    expect(upper.length).toBeLessThanOrEqual(32);
    const values = new Set(Array.from(x));
    for (let b = 1; b < upper.length; b++) expect(values.has(upper[b] as number)).toBe(true);
    for (let r = 0; r < n; r++) {
      const v = x[r] as number;
      const bin = m.bins[r] as number;
      if (Number.isNaN(v)) {
        expect(bin).toBe(0);
        continue;
      }
      for (let b = 1; b < upper.length - 1; b++) expect(bin <= b).toBe(v <= (upper[b] as number));
    }
  });

  it("keeps an all-NaN feature entirely in the NaN bin", () => {
    const x = new Float32Array(4).fill(Number.NaN);
    const m = applyBinMapper(fitBinMapper(x, 4, 1, 16), x, 4, 1);
    expect(Array.from(m.bins)).toEqual([0, 0, 0, 0]);
  });

  it("refuses more bins than fit in a byte", () => {
    expect(() => fitBinMapper(new Float32Array(1), 1, 1, 300)).toThrowError(/maxBins must be between 3 and 256/);
  });
});
