import type { Random } from "@/tools/training/gbm/random";

/**
 * How strongly sleep, stress and activity move THIS person's mood, energy and stress: one draw per simulated person.
 * Real people differ in these within-person slopes about as much as in their averages (experience-sampling studies
 * report random slopes whose spread is comparable to the mean slope, some near zero), and a personal model can only
 * show what it is worth on a simulation where they differ. Ranges, and the studies they are chosen to bracket, are in
 * docs/models.md ("Per-person sensitivities"); they are written on the check-in's 1–10 scales.
 */
export type Sensitivities = {
  /** Mood points per hour of sleep above/below the person's need (last night → today). */
  sleepOnMood: number;
  /** Mood points lost per stress point above 5 (same day). */
  stressOnMood: number;
  /** Mood points per 30 min of yesterday's activity above the person's habit (capped at 90 min); may be ≤ 0. */
  activityOnMood: number;
  /** Energy points per hour of sleep above/below need. */
  sleepOnEnergy: number;
  /** Energy points lost per stress point above 5. */
  stressOnEnergy: number;
  /** Energy points per 30 min of today's activity (capped at 90 min); may be ≤ 0 (tiring rather than energising). */
  activityOnEnergy: number;
  /** Share of yesterday's mood deviation that carries over (emotional inertia). */
  moodInertia: number;
  /** Share of yesterday's stress that carries over. */
  stressInertia: number;
  /** Multiplier on how much the day's demand raises stress (stress reactivity). */
  stressReactivity: number;
  /** Stress points per hour of sleep debt. */
  sleepDebtOnStress: number;
  /** Per weekday (Mon..Fri) multiplier on workload: a personal weekly rhythm. */
  weekdayLoad: readonly number[];
};

/**
 * The population's mean slopes are the fixed coefficients this simulation had before per-person sensitivities
 * (0.45 mood/h sleep, 0.3 mood/stress point, 0.55 energy/h, 0.2 energy/stress point, inertia 0.4 and 0.5), so the
 * average person is unchanged; around them each person draws a slope from a range that brackets the published spread.
 */
export function drawSensitivities(rng: Random): Sensitivities {
  return {
    sleepOnMood: rng.uniform(0.05, 0.85),
    stressOnMood: rng.uniform(0.05, 0.55),
    activityOnMood: rng.uniform(-0.1, 0.4),
    sleepOnEnergy: rng.uniform(0.15, 0.95),
    stressOnEnergy: rng.uniform(0, 0.4),
    activityOnEnergy: rng.uniform(-0.15, 0.45),
    moodInertia: rng.uniform(0.15, 0.65),
    stressInertia: rng.uniform(0.3, 0.7),
    stressReactivity: rng.uniform(0.6, 1.4),
    sleepDebtOnStress: rng.uniform(0, 0.6),
    weekdayLoad: Array.from({ length: 5 }, () => Math.max(0.5, rng.normal(1, 0.25))),
  };
}
