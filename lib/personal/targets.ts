import { moodClassOf } from "@/lib/predictions/track-record";
import type { BoostParams } from "./booster";
import { detLog, detSigmoid, detSoftmax } from "./det-math";
import { PersonalModelError } from "./errors";
import { l2Loss, logisticLoss, softmaxLoss, type Loss } from "./objectives";
import type { DayScores } from "./rows";
import type { HeldOutMetric, PersonalType } from "./types";

/**
 * What each personal model learns and how its held-out days are scored. Targets follow the track record exactly
 * (lib/predictions/track-record.ts): the mood class of D+1, a dip when D+1's energy ≤ D's − 2, D+1's stress.
 */
export type TargetSpec = {
  task: "multiclass" | "binary" | "regression";
  nOutputs: number;
  loss: Loss;
  params: BoostParams;
  /**
   * Whether a (D, D+1) pair has what `label` and `persistence` read: energy and stress are empty in rows imported from
   * Daylio, and such a pair is no row for that target (buildRows leaves it out; the track record says "not counted").
   */
  observes(today: DayScores, next: DayScores): boolean;
  /** Only for pairs `observes` accepts. */
  label(today: DayScores, next: DayScores): number;
  /** The metric shown for the held-out days, per row (averaged over rows); `higherIsBetter` says which way is good. */
  metric: HeldOutMetric;
  higherIsBetter: boolean;
  score(raw: ArrayLike<number>, y: number): number;
  /** "Tomorrow is like today" on the same row, in the same metric. */
  persistence(today: DayScores, y: number): number;
  /**
   * How much better (relative, in the gate's rule) the personal model must be on the held-out days to be chosen: a
   * margin against choosing it on noise, since ~21 days is a small sample.
   */
  gateMargin: number;
  /** Also require the personal model to be no worse than the generic on each fold on its own (not only pooled). */
  gateEveryFold: boolean;
  /** The gate's proper scoring rule per row (lower is better), when it is not the shown metric (mood: log loss). */
  gateLoss?(raw: ArrayLike<number>, y: number): number;
};

const MOOD_CLASSES = { low: 0, steady: 1, high: 2 } as const;

/** A value `observes` vouched for: null here is a caller that skipped it. */
function observed(value: number | null, what: string): number {
  if (value === null) throw new PersonalModelError(`a training row has no ${what} (rows must pass the target's observes first)`);
  return value;
}
const P_FLOOR = 1e-15;

/**
 * Chosen on a separate simulation (`npm run bench:personal -- --tune`: seed 4242, 40 people the generic models never
 * saw), never on the bench's test people. Stronger trees (30 rounds, η 0.15, smaller λ), stumps, splits restricted to
 * today's six inputs and margins of 0 / 0.03 / 0.05 were tried: none made personal models better than the generic on
 * later days by more than ~1 %, and every gate without the every-fold rule chose a model that was worse later for
 * 9–26 % of (person, target) pairs at 60–120 days; this one keeps that to 2–5 % (docs/models.md, "Personal models").
 * λ is in hessian units: per row 1 for L2, p(1−p) ≤ 0.25 for the logistic loss.
 */
export const TARGETS: Record<PersonalType, TargetSpec> = {
  mood_tomorrow: {
    task: "multiclass",
    nOutputs: 3,
    loss: softmaxLoss(3),
    params: { rounds: 20, maxDepth: 2, learningRate: 0.1, lambda: 10, minRowsInLeaf: 7, minGain: 0 },
    observes: () => true,
    label: (_today, next) => MOOD_CLASSES[moodClassOf(next.mood)],
    gateMargin: 0.02,
    gateEveryFold: true,
    metric: "mood_accuracy",
    higherIsBetter: true,
    score(raw, y) {
      let best = 0;
      for (let c = 1; c < 3; c++) if ((raw[c] as number) > (raw[best] as number)) best = c;
      return best === y ? 1 : 0;
    },
    persistence: (today, y) => (MOOD_CLASSES[moodClassOf(today.mood)] === y ? 1 : 0),
    gateLoss(raw, y) {
      const p = new Float64Array(3);
      detSoftmax(raw, p);
      return -detLog(Math.max(P_FLOOR, p[y] as number));
    },
  },
  energy_dip: {
    task: "binary",
    nOutputs: 1,
    loss: logisticLoss,
    params: { rounds: 20, maxDepth: 2, learningRate: 0.1, lambda: 5, minRowsInLeaf: 7, minGain: 0 },
    observes: (today, next) => today.energy !== null && next.energy !== null,
    label: (today, next) => (observed(next.energy, "energy") <= observed(today.energy, "energy") - 2 ? 1 : 0),
    gateMargin: 0.02,
    gateEveryFold: true,
    metric: "energy_dip_brier",
    higherIsBetter: false,
    score(raw, y) {
      const p = detSigmoid(raw[0] as number);
      return (p - y) * (p - y);
    },
    // Tomorrow like today: no dip, said with certainty (p = 0).
    persistence: (_today, y) => y,
  },
  stress_forecast: {
    task: "regression",
    nOutputs: 1,
    loss: l2Loss,
    params: { rounds: 20, maxDepth: 2, learningRate: 0.1, lambda: 20, minRowsInLeaf: 7, minGain: 0 },
    observes: (today, next) => today.stress !== null && next.stress !== null,
    label: (_today, next) => observed(next.stress, "stress"),
    gateMargin: 0.02,
    gateEveryFold: true,
    metric: "stress_mae",
    higherIsBetter: false,
    score: (raw, y) => Math.abs((raw[0] as number) - y),
    persistence: (today, y) => Math.abs(observed(today.stress, "stress") - y),
  },
};
