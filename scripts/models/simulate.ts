import type { FeatureSource } from "@/lib/features/extract";
import { Random } from "@/tools/training/gbm/random";
import { drawSensitivities, type Sensitivities } from "./sensitivities";

/**
 * Synthetic check-in histories. Nothing here is real data: it is a small, written-down generative process
 * (docs/models.md, "The simulation") whose only purpose is to give the bundled demonstration models something with
 * realistic structure to learn. All randomness comes from one seeded generator, so a seed fixes every number.
 *
 * Each simulated person has fixed traits and their own sensitivities (./sensitivities.ts: how strongly sleep, stress
 * and activity move their mood, energy and stress); each day has hidden states:
 * - demand: workload on weekdays (in the person's own weekly rhythm), less at weekends, plus deadline crunches;
 * - stress: persists from yesterday, rises with demand, with burnout and after short sleep;
 * - sleep (the night before the day): the person's habit, longer at weekends, shorter after a stressful day;
 * - activity: a personal habit, more at weekends, less when energy is low, sometimes none;
 * - burnout: a slow load that builds while stress stays high and sleep short, and drains with resilience;
 * - mood and energy: a personal baseline, yesterday's mood, last night's sleep, stress, activity (yesterday's for
 *   mood, today's for energy) and burnout;
 * - sleep quality of the coming night: tonight's sleep length, today's stress, activity and burnout.
 * The person checks in on most days (adherence varies), and sometimes leaves sleep or activity empty.
 */
export type SimulatedDay = {
  checkIn: FeatureSource | null;
  mood: number;
  energy: number;
  stress: number;
  burnout: number;
  /** Quality (0-100) of the night that follows this day. */
  sleepQualityTonight: number;
};

export type SimulatedPerson = {
  id: number;
  /** This person's slopes, for benchmarks that want to relate a personal model's gain to them. */
  sensitivities: Sensitivities;
  days: SimulatedDay[];
};

export type SimulationOptions = { seed: number; people: number; minDays: number; maxDays: number };

/** Extra days simulated after the last possible check-in so that next-day and next-week targets exist. */
export const LOOKAHEAD_DAYS = 7;
/** Burnout load above which a day counts as a burnout day (≈ the top fifth of days). */
export const BURNOUT_THRESHOLD = 1.0;

const FIRST_DAY = Date.UTC(2025, 0, 6) / 86_400_000; // a Monday

/**
 * The zone the simulated people live in, as far as timestamps go. A simulated check-in happens at a wall-clock time
 * (`checkinHour`:minute on simulated day `day`); `wallClockTimestamp` writes that reading as a UTC instant (`…Z`), and
 * the dataset extracts features with `{ timeZone: TRAINING_TIME_ZONE }`, so each check-in's local day is exactly its
 * simulated day. The app reads the same features from real instants in the person's own zone (docs/models.md, Features).
 */
export const TRAINING_TIME_ZONE = "UTC";

export function simulate(options: SimulationOptions): SimulatedPerson[] {
  const rng = new Random(options.seed);
  const people: SimulatedPerson[] = [];
  for (let id = 0; id < options.people; id++) people.push(simulatePerson(id, rng, options));
  return people;
}

function simulatePerson(id: number, rng: Random, options: SimulationOptions): SimulatedPerson {
  const trait = {
    baseMood: clamp(rng.normal(6.3, 0.9), 4, 8.5),
    moodNoise: rng.uniform(0.6, 1.2),
    workload: rng.uniform(0.15, 1.0),
    resilience: rng.uniform(0.3, 1.0),
    sleepNeed: clamp(rng.normal(7.6, 0.5), 6.5, 9),
    sleepHabitGap: rng.normal(-0.4, 0.6),
    weekendSleep: rng.uniform(0, 1.2),
    activityHabit: rng.chance(0.15) ? rng.uniform(0, 10) : Math.exp(rng.normal(3.3, 0.6)),
    adherence: rng.uniform(0.5, 0.98),
    sleepMissing: rng.chance(0.3) ? rng.uniform(0.05, 0.4) : 0.02,
    activityMissing: rng.chance(0.4) ? rng.uniform(0.05, 0.5) : 0.03,
    checkinHour: rng.int(6, 22),
  };
  const k = drawSensitivities(rng);
  // Activity counts up to 90 min and as a deviation from the person's habit, so a slope moves the day, not the mean.
  const activityDeviation = (minutes: number) => (Math.min(minutes, 90) - Math.min(trait.activityHabit, 90)) / 30;
  const nDays = rng.int(options.minDays, options.maxDays);
  const start = FIRST_DAY + rng.int(0, 500);
  const days: SimulatedDay[] = [];

  let stress = 4 + 3 * trait.workload;
  let mood = trait.baseMood;
  let burnout = 0;
  let crunch = 0;
  let sleep = trait.sleepNeed + trait.sleepHabitGap;
  let activityYesterday = trait.activityHabit;
  for (let d = 0; d < nDays + LOOKAHEAD_DAYS; d++) {
    const day = start + d;
    const weekday = (((day + 3) % 7) + 7) % 7; // 0 = Monday
    const weekend = weekday >= 5;
    if (crunch > 0) crunch -= 1;
    else if (!weekend && rng.chance(0.03)) crunch = rng.int(3, 10);

    const demand = trait.workload * (weekend ? 0.35 : (k.weekdayLoad[weekday] as number)) + (crunch > 0 ? 0.6 : 0);
    const sleepDebt = trait.sleepNeed - sleep;
    stress = clamp(
      k.stressInertia * stress +
        (1 - k.stressInertia) * (1.5 + 5.2 * k.stressReactivity * demand) +
        0.8 * burnout +
        k.sleepDebtOnStress * Math.max(0, sleepDebt) +
        rng.normal(0, 0.9),
      1,
      10,
    );

    burnout = Math.max(
      0,
      burnout * (0.75 + 0.15 * (1 - trait.resilience)) +
        0.1 * Math.max(0, stress - 6) * (1.3 - trait.resilience) +
        0.08 * Math.max(0, sleepDebt - 0.5) -
        (weekend ? 0.05 : 0),
    );

    mood = clamp(
      trait.baseMood +
        k.moodInertia * (mood - trait.baseMood) +
        k.sleepOnMood * (sleep - trait.sleepNeed) -
        k.stressOnMood * (stress - 5) +
        k.activityOnMood * activityDeviation(activityYesterday) -
        0.9 * burnout +
        (weekend ? 0.4 : 0) +
        rng.normal(0, trait.moodNoise),
      1,
      10,
    );
    const activityToday = rng.chance(0.12)
      ? 0
      : Math.min(600, trait.activityHabit * (weekend ? 1.4 : 1) * Math.exp(rng.normal(0, 0.5)) * (mood > 4 ? 1 : 0.6));
    const energy = clamp(
      5.7 + k.sleepOnEnergy * (sleep - trait.sleepNeed) + 0.3 * (mood - 6) - k.stressOnEnergy * (stress - 5) - 0.9 * burnout +
        k.activityOnEnergy * activityDeviation(activityToday) + rng.normal(0, 0.9),
      1,
      10,
    );

    // Tonight's sleep, reported with tomorrow's check-in.
    const tomorrowWeekend = (weekday + 1) % 7 >= 5;
    const sleepTonight = clamp(
      trait.sleepNeed + trait.sleepHabitGap + (tomorrowWeekend ? trait.weekendSleep : 0) - 0.22 * (stress - 5) -
        0.3 * burnout + rng.normal(0, 0.7),
      3,
      11.5,
    );
    const quality = clamp(
      72 + 7 * Math.min(1, sleepTonight - trait.sleepNeed) - 4 * Math.max(0, trait.sleepNeed - sleepTonight) -
        4.5 * (stress - 5) + 0.1 * Math.min(activityToday, 60) - 8 * burnout + rng.normal(0, 6),
      0,
      100,
    );

    const reported = {
      mood: Math.round(mood),
      energy: Math.round(energy),
      stress: Math.round(stress),
      sleep: Math.round(sleep * 10) / 10,
      activity: Math.round(activityToday),
    };
    const checkedIn = d < nDays && rng.chance(weekend ? trait.adherence * 0.85 : trait.adherence);
    const checkIn: FeatureSource | null = checkedIn
      ? {
          checkin_date: wallClockTimestamp(day, trait.checkinHour, rng.int(0, 59)),
          mood: reported.mood,
          energy: reported.energy,
          stress: reported.stress,
          sleep_hours: rng.chance(trait.sleepMissing) ? null : reported.sleep,
          activity_minutes: rng.chance(trait.activityMissing) ? null : reported.activity,
        }
      : null;
    days.push({
      checkIn,
      mood: reported.mood,
      energy: reported.energy,
      stress: reported.stress,
      burnout,
      sleepQualityTonight: quality,
    });
    sleep = sleepTonight;
    activityYesterday = activityToday;
  }
  return { id, sensitivities: k, days };
}

function clamp(v: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, v));
}

/**
 * A wall-clock reading — `hour`:`minute` on calendar day `day` (days since 1970-01-01) — as the ISO instant it is in
 * `TRAINING_TIME_ZONE` (UTC): `wallClockTimestamp(20_514, 21, 0)` is "2026-03-02T21:00:00.000Z".
 */
export function wallClockTimestamp(day: number, hour: number, minute: number): string {
  return new Date(day * 86_400_000 + (hour * 60 + minute) * 60_000).toISOString();
}
