import type { FeatureSpec } from "@/lib/models/manifest-schema";
import { buildDataset } from "@/scripts/models/dataset";
import { simulate } from "@/scripts/models/simulate";

/**
 * Feature rows as real check-ins give them: the pipeline's own rows (buildDataset over a small simulation), so scores
 * are whole numbers 1..10, sleep is in 0.1 h steps, counts and weekdays are integers and means are ratios of those.
 * The trees' thresholds are quantile cuts at such data values, so these rows sit exactly on split thresholds all the
 * time: where `<=` vs `<` shows (a random uniform row almost never does).
 */
export function realisticRows(features: readonly FeatureSpec[], count: number): Float32Array[] {
  const people = simulate({ seed: 99, people: 24, minDays: 60, maxDays: 70 });
  const data = buildDataset(people, features);
  const nF = features.length;
  const rows: Float32Array[] = [];
  // Spread over everyone's days, not only the first people's first weeks.
  const stride = Math.max(1, Math.floor(data.nRows / count));
  for (let r = 0; r < data.nRows && rows.length < count; r += stride) rows.push(data.x.slice(r * nF, (r + 1) * nF));
  return rows;
}

/** How many of `rows` have some feature exactly on one of `thresholds` ([feature, threshold] pairs). */
export function rowsOnThresholds(rows: readonly Float32Array[], thresholds: readonly (readonly [number, number])[]): number {
  const byFeature = new Map<number, Set<number>>();
  for (const [f, t] of thresholds) (byFeature.get(f) ?? byFeature.set(f, new Set()).get(f)!).add(t);
  return rows.filter((row) => Array.from(row).some((v, f) => byFeature.get(f)?.has(v) ?? false)).length;
}
