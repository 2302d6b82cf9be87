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
  /** Today's values, for the persistence baselines ("tomorrow is like today"). */
  today: { moodClass: Float64Array; stress: Float64Array };
  /** 1 for rows of held-out people (every fifth person): no person is in both splits. */
  isTest: Uint8Array;
};

export function moodClass(mood: number): number {
  return mood <= 4 ? 0 : mood <= 7 ? 1 : 2;
}

export function buildDataset(people: readonly SimulatedPerson[], features: readonly FeatureSpec[]): Dataset {
  const rows: Float32Array[] = [];
  const t: Record<TargetName, number[]> = { moodClass: [], burnout: [], sleepQuality: [], stressTomorrow: [], energyDip: [] };
  const todayMood: number[] = [];
  const todayStress: number[] = [];
  const isTest: number[] = [];
  for (const person of people) {
    const history: { index: number; source: FeatureSource }[] = [];
    const lastCheckInDay = person.days.length - LOOKAHEAD_DAYS;
    for (let d = 0; d < lastCheckInDay; d++) {
      const day = person.days[d];
      if (!day?.checkIn) continue;
      // The same history the app reads (historyWindowStart): the FEATURE_WINDOW_DAYS local days before today.
      const recent = history.filter((h) => d - h.index <= FEATURE_WINDOW_DAYS).reverse().map((h) => h.source);
      rows.push(extractFeatures(features, day.checkIn, recent, { timeZone: TRAINING_TIME_ZONE }));
      const next = person.days[d + 1];
      if (!next) throw new Error("simulation is missing its look-ahead days");
      t.moodClass.push(moodClass(next.mood));
      let burnout = 0;
      for (let k = 1; k <= 7; k++) if ((person.days[d + k]?.burnout ?? 0) > BURNOUT_THRESHOLD) burnout = 1;
      t.burnout.push(burnout);
      t.sleepQuality.push(day.sleepQualityTonight);
      t.stressTomorrow.push(next.stress);
      t.energyDip.push(next.energy <= day.energy - 2 ? 1 : 0);
      todayMood.push(moodClass(day.mood));
      todayStress.push(day.stress);
      isTest.push(person.id % 5 === 4 ? 1 : 0);
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
    today: { moodClass: Float64Array.from(todayMood), stress: Float64Array.from(todayStress) },
    isTest: Uint8Array.from(isTest),
  };
}
