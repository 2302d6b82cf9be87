import { extractFeatures, type FeatureSource } from "@/lib/features/extract";
import { FEATURE_WINDOW_DAYS } from "@/lib/features/history-window";
import type { FeatureSpec } from "@/lib/models/manifest-schema";
import { BURNOUT_THRESHOLD, LOOKAHEAD_DAYS, type SimulatedPerson, TRAINING_TIME_ZONE } from "./simulate";

/** What each model learns to predict, per check-in row (see docs/models.md for the plain-language meaning). */
export type TargetName = "moodClass" | "burnout" | "sleepQuality" | "stressTomorrow" | "energyDip";

export type Dataset = {
  x: Float32Array;
  nRows: number;
  nFeatures: number;
  targets: Record<TargetName, Float64Array>;
  /**
   * Per target, "tomorrow is like today" (persistence) and the person's own last 7 days (recent), as predictions of
   * that target (docs/models.md, "Baselines"). NaN where the rule has nothing to go on; the baseline then falls back
   * to the training mean / base rate.
   */
  persistence: Record<TargetName, Float64Array>;
  recent: Record<TargetName, Float64Array>;
  /** The simulated person each row belongs to (splits are by person). */
  person: Uint32Array;
  /** 1 for rows of held-out people (every fifth person): no person is in both splits. */
  isTest: Uint8Array;
};

/** Held-out test people: every fifth. */
export function isTestPerson(id: number): boolean {
  return id % 5 === 4;
}

/**
 * Calibration people: every fifth again, among the training people. The probability models are fitted without them
 * and their Platt / vector scaling is fitted on them, so calibration never sees its own training rows nor a test row.
 */
export function isCalibrationPerson(id: number): boolean {
  return id % 5 === 3;
}

export function moodClass(mood: number): number {
  return mood <= 4 ? 0 : mood <= 7 ? 1 : 2;
}

export function buildDataset(people: readonly SimulatedPerson[], features: readonly FeatureSpec[]): Dataset {
  const rows: Float32Array[] = [];
  const t: Record<TargetName, number[]> = { moodClass: [], burnout: [], sleepQuality: [], stressTomorrow: [], energyDip: [] };
  const persistence: Record<TargetName, number[]> = { moodClass: [], burnout: [], sleepQuality: [], stressTomorrow: [], energyDip: [] };
  const recentRule: Record<TargetName, number[]> = { moodClass: [], burnout: [], sleepQuality: [], stressTomorrow: [], energyDip: [] };
  const personOf: number[] = [];
  const isTest: number[] = [];
  for (const person of people) {
    const history: { index: number; source: FeatureSource }[] = [];
    const lastCheckInDay = person.days.length - LOOKAHEAD_DAYS;
    for (let d = 0; d < lastCheckInDay; d++) {
      const day = person.days[d];
      if (!day?.checkIn) continue;
      // The same history the app reads (historyWindowStart): the FEATURE_WINDOW_DAYS local days before today.
      const recent = history.filter((h) => d - h.index <= FEATURE_WINDOW_DAYS).reverse().map((h) => h.source);
      const row = extractFeatures(features, day.checkIn, recent, { timeZone: TRAINING_TIME_ZONE });
      rows.push(row);
      const next = person.days[d + 1];
      if (!next) throw new Error("simulation is missing its look-ahead days");
      t.moodClass.push(moodClass(next.mood));
      let burnout = 0;
      for (let k = 1; k <= 7; k++) if ((person.days[d + k]?.burnout ?? 0) > BURNOUT_THRESHOLD) burnout = 1;
      t.burnout.push(burnout);
      t.sleepQuality.push(day.sleepQualityTonight);
      t.stressTomorrow.push(next.stress);
      t.energyDip.push(next.energy <= day.energy - 2 ? 1 : 0);
      const base = baselinesFor(person, d, row, features);
      for (const name of TARGETS) {
        persistence[name].push(base.persistence[name]);
        recentRule[name].push(base.recent[name]);
      }
      personOf.push(person.id);
      isTest.push(isTestPerson(person.id) ? 1 : 0);
      history.push({ index: d, source: day.checkIn });
    }
  }
  const nFeatures = features.length;
  const x = new Float32Array(rows.length * nFeatures);
  rows.forEach((r, i) => x.set(r, i * nFeatures));
  return {
    x,
    nRows: rows.length,
    nFeatures,
    targets: {
      moodClass: Float64Array.from(t.moodClass),
      burnout: Float64Array.from(t.burnout),
      sleepQuality: Float64Array.from(t.sleepQuality),
      stressTomorrow: Float64Array.from(t.stressTomorrow),
      energyDip: Float64Array.from(t.energyDip),
    },
    persistence: mapTargets((name) => Float64Array.from(persistence[name])),
    recent: mapTargets((name) => Float64Array.from(recentRule[name])),
    person: Uint32Array.from(personOf),
    isTest: Uint8Array.from(isTest),
  };
}

const TARGETS: readonly TargetName[] = ["moodClass", "burnout", "sleepQuality", "stressTomorrow", "energyDip"];

function mapTargets(f: (name: TargetName) => Float64Array): Record<TargetName, Float64Array> {
  return Object.fromEntries(TARGETS.map((name) => [name, f(name)])) as Record<TargetName, Float64Array>;
}

/**
 * The trivial rules for the row of day `d`. Where a rule needs a day the person did not check in (yesterday's energy,
 * last night's sleep quality, the hidden burnout load), it reads the simulation's own value: the baseline then knows
 * more than any rule the app could run, which makes beating it harder, not easier.
 */
function baselinesFor(
  person: SimulatedPerson,
  d: number,
  row: Float32Array,
  features: readonly FeatureSpec[],
): { persistence: Record<TargetName, number>; recent: Record<TargetName, number> } {
  const day = person.days[d] as SimulatedPerson["days"][number];
  const at = (k: number) => person.days[k];
  const feature = (name: string) => row[features.findIndex((f) => f.name === name)] ?? Number.NaN;
  const isDip = (k: number) => {
    const a = at(k - 1);
    const b = at(k);
    return a && b ? (b.energy <= a.energy - 2 ? 1 : 0) : Number.NaN;
  };
  const isBurnout = (k: number) => ((at(k)?.burnout ?? 0) > BURNOUT_THRESHOLD ? 1 : 0);
  const meanOver = (from: number, to: number, f: (k: number) => number) => {
    let s = 0;
    let n = 0;
    for (let k = Math.max(0, from); k <= to; k++) {
      const v = f(k);
      if (!Number.isNaN(v)) {
        s += v;
        n += 1;
      }
    }
    return n > 0 ? s / n : Number.NaN;
  };
  let burnoutWindow = 0;
  for (let k = d - 6; k <= d; k++) burnoutWindow = Math.max(burnoutWindow, isBurnout(k));
  const moodMean7d = feature("mood_mean_7d");
  const stressMean7d = feature("stress_mean_7d");
  return {
    persistence: {
      moodClass: moodClass(day.mood),
      stressTomorrow: day.stress,
      // "A dip today means a dip tomorrow": today's energy at least 2 below yesterday's.
      energyDip: isDip(d),
      // The same 7-day window, ending today instead of starting tomorrow.
      burnout: burnoutWindow,
      // Tonight like last night.
      sleepQuality: at(d - 1)?.sleepQualityTonight ?? Number.NaN,
    },
    recent: {
      // The class of the person's mean mood over the 7 days before (the feature), else today's class.
      moodClass: Number.isNaN(moodMean7d) ? moodClass(day.mood) : moodClass(Math.round(moodMean7d)),
      stressTomorrow: Number.isNaN(stressMean7d) ? day.stress : stressMean7d,
      // The person's own share of dip days and of burnout days over the last 7 days, as a probability.
      energyDip: meanOver(d - 6, d, isDip),
      burnout: meanOver(d - 6, d, isBurnout),
      sleepQuality: meanOver(d - 7, d - 1, (k) => at(k)?.sleepQualityTonight ?? Number.NaN),
    },
  };
}
