import { boost } from "./booster";
import type { SmallTree } from "./forest";
import type { PersonalRows } from "./rows";
import type { TargetSpec } from "./targets";
import type { HeldOutScores } from "./types";

/** Rolling origin: this many folds of the most recent scored days, each at most MAX_FOLD_DAYS long. */
export const GATE_ORIGINS = 3;
export const MAX_FOLD_DAYS = 7;

/**
 * The held-out folds for `n` scored days (oldest first), as [start, end) row ranges: GATE_ORIGINS consecutive folds
 * of s = min(MAX_FOLD_DAYS, ⌊n/6⌋) days at the end, so at least half of the days always precede the first origin
 * (21 days: folds of 3 after 12, 15 and 18 days; 42 days or more: three weeks held out after n − 21 days).
 */
export function gateFolds(n: number): { start: number; end: number }[] {
  const s = Math.min(MAX_FOLD_DAYS, Math.floor(n / 6));
  return Array.from({ length: GATE_ORIGINS }, (_, i) => ({ start: n - (GATE_ORIGINS - i) * s, end: n - (GATE_ORIGINS - 1 - i) * s }));
}

/** The raw score of row `r` after the personal trees: the generic margin plus each tree's leaf. */
export function personalRaw(trees: readonly SmallTree[], rows: PersonalRows, baseMargin: Float64Array, r: number, k: number): Float64Array {
  const out = baseMargin.slice(r * k, (r + 1) * k);
  const base = r * rows.nFeatures;
  for (const tree of trees) {
    let node = 0;
    let f = tree.feature[0] as number;
    while (f >= 0) {
      const v = rows.x[base + f] as number;
      const left = Number.isNaN(v) ? (tree.missingLeft[node] as boolean) : v <= (tree.threshold[node] as number);
      node = left ? node + 1 : (tree.right[node] as number);
      f = tree.feature[node] as number;
    }
    out[tree.output] = (out[tree.output] as number) + (tree.value[node] as number);
  }
  return out;
}

/** Trains the personal trees on rows [0, end). */
export function trainOn(spec: TargetSpec, rows: PersonalRows, y: Float64Array, baseMargin: Float64Array, end: number): SmallTree[] {
  const k = spec.nOutputs;
  const allowed = spec.params.splitFeatures;
  return boost(
    {
      nRows: end,
      nFeatures: rows.nFeatures,
      x: rows.x.subarray(0, end * rows.nFeatures),
      y: y.subarray(0, end),
      baseMargin: baseMargin.subarray(0, end * k),
      splittable: rows.featureNames.map((name) => !allowed || allowed.includes(name)),
    },
    spec.loss,
    spec.params,
  );
}

export type GateResult = { scores: HeldOutScores; choosePersonal: boolean };

/**
 * Scores personal against generic (and persistence) on the held-out folds, pooled. Personal is chosen only when it is
 * better in the shown metric by more than the target's relative `gateMargin` — for mood, a log loss lower by that
 * margin and a strictly higher hit rate (a lower log loss alone did not carry over to later days on the tuning
 * people) — and, with `gateEveryFold`, no worse on any single fold.
 */
export function runGate(spec: TargetSpec, rows: PersonalRows, y: Float64Array, baseMargin: Float64Array): GateResult {
  const k = spec.nOutputs;
  let days = 0;
  let generic = 0;
  let personal = 0;
  let persistence = 0;
  let genericLoss = 0;
  let personalLoss = 0;
  const folds = gateFolds(rows.nRows);
  let worseFolds = 0;
  for (const fold of folds) {
    const trees = trainOn(spec, rows, y, baseMargin, fold.start);
    let foldGeneric = 0;
    let foldPersonal = 0;
    for (let r = fold.start; r < fold.end; r++) {
      const label = y[r] as number;
      const g = baseMargin.subarray(r * k, (r + 1) * k);
      const p = personalRaw(trees, rows, baseMargin, r, k);
      generic += spec.score(g, label);
      personal += spec.score(p, label);
      persistence += spec.persistence(rows.today[r] as (typeof rows.today)[number], label);
      if (spec.gateLoss) {
        const gl = spec.gateLoss(g, label);
        const pl = spec.gateLoss(p, label);
        genericLoss += gl;
        personalLoss += pl;
        foldGeneric += gl;
        foldPersonal += pl;
      } else {
        foldGeneric += spec.score(g, label) * (spec.higherIsBetter ? -1 : 1);
        foldPersonal += spec.score(p, label) * (spec.higherIsBetter ? -1 : 1);
      }
      days += 1;
    }
    if (foldPersonal > foldGeneric) worseFolds += 1;
  }
  const scores: HeldOutScores = {
    days,
    origins: folds.length,
    metric: spec.metric,
    higherIsBetter: spec.higherIsBetter,
    generic: generic / days,
    personal: personal / days,
    persistence: persistence / days,
  };
  if (spec.gateLoss) scores.logLoss = { generic: genericLoss / days, personal: personalLoss / days };
  const choosePersonal = gateChooses(spec, scores, worseFolds);
  return { scores, choosePersonal };
}

/**
 * The gate's rule: better than the generic on the pooled held-out days by more than `gateMargin` (relative) — for
 * mood a log loss lower by the margin and a strictly higher hit rate — and, with `gateEveryFold`, no fold where the
 * personal model did worse (`worseFolds`, in the gate's rule: log loss for mood, the shown metric otherwise).
 */
export function gateChooses(
  spec: Pick<TargetSpec, "gateMargin" | "gateEveryFold" | "higherIsBetter">,
  scores: Pick<HeldOutScores, "generic" | "personal" | "logLoss">,
  worseFolds: number,
): boolean {
  if (spec.gateEveryFold && worseFolds > 0) return false;
  const { generic, personal, logLoss } = scores;
  if (logLoss) return logLoss.personal < logLoss.generic * (1 - spec.gateMargin) && personal > generic;
  return spec.higherIsBetter ? personal > generic * (1 + spec.gateMargin) : personal < generic * (1 - spec.gateMargin);
}
