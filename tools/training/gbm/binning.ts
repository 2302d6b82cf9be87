/**
 * Histogram binning: each feature's values map to at most `maxBins - 1` ordered bins plus bin 0 for NaN.
 * Bin b (1..k) holds values in (upper[b-1], upper[b]], and every `upper` is a float32 value taken from the data, so
 * a split "bin <= b" is exactly the float32 comparison "x <= upper[b]" that the exported tree makes.
 */
export type BinnedMatrix = {
  nRows: number;
  nFeatures: number;
  /** Row-major bin indices, nRows × nFeatures. */
  bins: Uint8Array;
  /** Per feature: number of bins including the NaN bin 0. */
  binCount: Uint16Array;
  /** Per feature: the start of its bins in a flat histogram. */
  binOffset: Uint32Array;
  totalBins: number;
  /** Per feature: upper[b] is the largest value in bin b (index 0 unused). */
  upper: Float32Array[];
};

export type BinMapper = { upper: Float32Array[] };

export function fitBinMapper(x: Float32Array, nRows: number, nFeatures: number, maxBins: number): BinMapper {
  if (maxBins > 256 || maxBins < 3) throw new RangeError("maxBins must be between 3 and 256 (bins are stored as bytes).");
  const upper: Float32Array[] = [];
  const column = new Float32Array(nRows);
  for (let f = 0; f < nFeatures; f++) {
    let n = 0;
    for (let r = 0; r < nRows; r++) {
      const v = x[r * nFeatures + f] as number;
      if (!Number.isNaN(v)) column[n++] = v;
    }
    const sorted = column.slice(0, n).sort();
    const distinct: number[] = [];
    for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i] as number);
    const maxValueBins = maxBins - 1;
    let cuts: number[];
    if (distinct.length <= maxValueBins) {
      cuts = distinct;
    } else {
      // Quantile cuts on the row distribution; each cut is an actual data value (the last of its bin).
      cuts = [];
      for (let b = 1; b <= maxValueBins; b++) {
        const idx = Math.min(n - 1, Math.ceil((b * n) / maxValueBins) - 1);
        const v = sorted[idx] as number;
        if (cuts.length === 0 || v > (cuts[cuts.length - 1] as number)) cuts.push(v);
      }
    }
    const u = new Float32Array(cuts.length + 1);
    u[0] = Number.NEGATIVE_INFINITY;
    u.set(cuts, 1);
    upper.push(u);
  }
  return { upper };
}

export function applyBinMapper(mapper: BinMapper, x: Float32Array, nRows: number, nFeatures: number): BinnedMatrix {
  const bins = new Uint8Array(nRows * nFeatures);
  const binCount = new Uint16Array(nFeatures);
  const binOffset = new Uint32Array(nFeatures);
  let total = 0;
  for (let f = 0; f < nFeatures; f++) {
    const u = mapper.upper[f] as Float32Array;
    binCount[f] = u.length;
    binOffset[f] = total;
    total += u.length;
    const last = u.length - 1;
    // A feature that was NaN in every fitted row has no value bins: everything stays in the NaN bin.
    if (last < 1) continue;
    for (let r = 0; r < nRows; r++) {
      const v = x[r * nFeatures + f] as number;
      if (Number.isNaN(v)) continue; // bin 0
      // First bin whose upper bound is >= v; values above the last cut belong to the last bin.
      let lo = 1;
      let hi = last;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((u[mid] as number) >= v) hi = mid;
        else lo = mid + 1;
      }
      bins[r * nFeatures + f] = lo;
    }
  }
  return { nRows, nFeatures, bins, binCount, binOffset, totalBins: total, upper: mapper.upper };
}
