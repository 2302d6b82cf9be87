import { CHECKIN_LIMITS } from "@/lib/domain/check-in";
import type { FeatureSpec } from "@/lib/models/manifest-schema";
import { localReading, weekday } from "./calendar-day";
import { FeatureExtractionError } from "./feature-extraction-error";
import { assertTimeZone } from "./time-zone";

export { FeatureExtractionError };

/**
 * The fields of a check-in the models read. `checkin_date` is an ISO 8601 timestamp; its day is the local calendar
 * day of that instant in the zone given to `extractFeatures`. Energy and stress are null in rows imported from Daylio
 * (the form always fills them): missing, as an empty sleep is, never zero.
 */
export type FeatureSource = {
  checkin_date: string;
  mood: number;
  energy: number | null;
  stress: number | null;
  sleep_hours: number | null;
  activity_minutes: number | null;
};

export type ExtractOptions = {
  /**
   * The IANA zone whose wall calendar the days are read in (required, no default): in the app the person's browser
   * zone (`browserTimeZone()`), in training "UTC" (the pipeline writes wall-clock times as UTC instants).
   */
  timeZone: string;
};

type Day = {
  day: number;
  /** Orders check-ins within one local day (see `localReading`). */
  order: number;
  mood: number;
  energy: number | null;
  stress: number | null;
  sleep: number | null;
  activity: number | null;
};

const HIGH_STRESS = 8;
const MAX_DAYS_SINCE = 365;

/**
 * Turns the check-in just made (`current`) and earlier check-ins (`history`, newest first, may be empty) into the
 * input row of a model whose columns are `features` (the manifest entry's `features`, in order). Days are local
 * calendar days in `options.timeZone`: two check-ins of one local evening are one day even when UTC splits them, and
each day counts once, by its latest check-in (see `onePerDay`).
 *
 * Raw fields outside the check-in ranges, non-numbers, unparsable dates, history dated after `current`, a missing or
 * unknown time zone and unknown feature names throw a `FeatureExtractionError`: a silently wrong vector would give a confident wrong prediction.
 * Values that cannot be computed are NaN (the trees' missing branch); derived values are clamped to the feature's
 * declared range, beyond which a tree ensemble is flat anyway.
 */
export function extractFeatures(
  features: readonly FeatureSpec[],
  current: FeatureSource,
  history: readonly FeatureSource[],
  options: ExtractOptions,
): Float32Array {
  if (options === null || typeof options !== "object") {
    throw new FeatureExtractionError('options must be { timeZone: "<IANA zone>" }, the zone whose calendar days the features count.');
  }
  const { timeZone } = options;
  assertTimeZone(timeZone, "options.timeZone");
  if (!Array.isArray(history)) throw new FeatureExtractionError("history must be an array of earlier check-ins (use [] for none).");
  const today = readDay(current, "current check-in", timeZone);
  const past = history.map((h, i) => readDay(h, `history[${i}]`, timeZone));
  for (const [i, p] of past.entries()) {
    if (p.day > today.day) {
      throw new FeatureExtractionError(
        `history[${i}] is dated after the current check-in; pass only earlier check-ins as history.`,
      );
    }
  }
  const values = computeAll(today, onePerDay(today, past));
  const row = new Float32Array(features.length);
  for (const [i, f] of features.entries()) {
    const compute = values[f.name as keyof typeof values];
    if (compute === undefined) {
      throw new FeatureExtractionError(
        `Unknown feature "${f.name}" in the model manifest; this app version cannot compute it. Update the app or the model.`,
      );
    }
    const v = compute();
    row[i] = Number.isNaN(v) ? Number.NaN : Math.min(f.max, Math.max(f.min, v));
  }
  return row;
}

/**
 * One check-in per local day, as training has: the model was trained on one check-in per simulated day, and a person
 * may check in twice. The latest check-in of a day stands for that day (for today: `current`, the check-in just made;
 * earlier check-ins of today are folded into it and add nothing). So a second check-in on someone's first day gives
 * the features of a first check-in alone, and means, trends and counts weigh days, not check-ins.
 * Within a day the latest reading wins; on equal times the one earlier in `past` (history is newest first).
 */
function onePerDay(today: Day, past: readonly Day[]): Day[] {
  const byDay = new Map<number, Day>();
  for (const p of past) {
    if (p.day === today.day) continue;
    const kept = byDay.get(p.day);
    if (!kept || p.order > kept.order) byDay.set(p.day, p);
  }
  return [...byDay.values()];
}

/** `past`: at most one day each, all before today's local day (see `onePerDay`). */
function computeAll(today: Day, past: readonly Day[]) {
  const ago = (p: Day) => today.day - p.day;
  // "The n days before" = ages 1..n.
  const within = (n: number) => past.filter((p) => ago(p) >= 1 && ago(p) <= n);
  const last3 = within(3);
  const last7 = within(7);
  const week = [today, ...within(6)];
  // Energy and stress may be empty (rows imported from Daylio): a mean or a trend reads only the days that have them,
  // and is NaN when none does, as sleep's are (docs/models.md, "Imported rows without energy or stress").
  return {
    mood: () => today.mood,
    energy: () => today.energy ?? Number.NaN,
    stress: () => today.stress ?? Number.NaN,
    sleep_hours: () => today.sleep ?? Number.NaN,
    activity_minutes: () => today.activity ?? Number.NaN,
    day_of_week: () => weekday(today.day),
    mood_mean_3d: () => mean(last3.map((p) => p.mood)),
    mood_mean_7d: () => mean(last7.map((p) => p.mood)),
    energy_mean_3d: () => mean(present(last3.map((p) => p.energy))),
    energy_mean_7d: () => mean(present(last7.map((p) => p.energy))),
    stress_mean_3d: () => mean(present(last3.map((p) => p.stress))),
    stress_mean_7d: () => mean(present(last7.map((p) => p.stress))),
    sleep_mean_3d: () => mean(present(last3.map((p) => p.sleep))),
    sleep_mean_7d: () => mean(present(last7.map((p) => p.sleep))),
    activity_mean_7d: () => mean(present(last7.map((p) => p.activity))),
    mood_trend_7d: () => slope(week.map((p) => [p.day, p.mood])),
    energy_trend_7d: () => slope(known(week, (p) => p.energy)),
    stress_trend_7d: () => slope(known(week, (p) => p.stress)),
    // A count of the days known to be high: a day without stress is not one (today's, from the form, always is known).
    // NaN when no day of the week has stress: only a row imported from Daylio read as `current` (personal models).
    high_stress_days_7d: () => {
      const days = known(week, (p) => p.stress);
      return days.length === 0 ? Number.NaN : days.filter(([, stress]) => stress >= HIGH_STRESS).length;
    },
    // Days to the newest earlier day with a check-in: never 0, since today's earlier check-ins are folded into today.
    days_since_last_checkin: () => {
      if (past.length === 0) return Number.NaN;
      let newest = Number.POSITIVE_INFINITY;
      for (const p of past) newest = Math.min(newest, ago(p));
      return Math.min(MAX_DAYS_SINCE, newest);
    },
    checkins_last_7d: () => last7.length,
    checkins_last_28d: () => within(28).length,
  } satisfies Record<string, () => number>;
}

function readDay(source: FeatureSource, where: string, timeZone: string): Day {
  if (source === null || typeof source !== "object") {
    throw new FeatureExtractionError(`${where} must be a check-in object, got ${source === null ? "null" : typeof source}.`);
  }
  if (typeof source.checkin_date !== "string") {
    throw new FeatureExtractionError(`${where}.checkin_date must be an ISO 8601 date string (e.g. 2026-03-02T20:15:00Z).`);
  }
  const reading = localReading(source.checkin_date, timeZone);
  if (reading === null) {
    throw new FeatureExtractionError(
      `${where}.checkin_date "${source.checkin_date}" is not a valid ISO 8601 date (expected YYYY-MM-DD…).`,
    );
  }
  return {
    day: reading.day,
    order: reading.order,
    mood: readNumber(source.mood, `${where}.mood`, CHECKIN_LIMITS.mood, false) as number,
    energy: readNumber(source.energy, `${where}.energy`, CHECKIN_LIMITS.energy, true),
    stress: readNumber(source.stress, `${where}.stress`, CHECKIN_LIMITS.stress, true),
    sleep: readNumber(source.sleep_hours, `${where}.sleep_hours`, CHECKIN_LIMITS.sleep_hours, true),
    activity: readNumber(source.activity_minutes, `${where}.activity_minutes`, CHECKIN_LIMITS.activity_minutes, true),
  };
}

function readNumber(value: unknown, where: string, range: { min: number; max: number }, nullable: boolean): number | null {
  if (value === null && nullable) return null;
  // undefined is a programming error (a renamed column), not an empty field: say so instead of predicting from NaN.
  if (typeof value !== "number" || !Number.isFinite(value)) {
    const got = value === null ? "null" : typeof value === "number" ? String(value) : typeof value;
    throw new FeatureExtractionError(
      `${where} must be a finite number from ${range.min} to ${range.max}${nullable ? " or null" : ""}, got ${got}.`,
    );
  }
  if (value < range.min || value > range.max) {
    throw new FeatureExtractionError(`${where} is ${value}, outside its range ${range.min} to ${range.max}.`);
  }
  return value;
}

/** (day, value) of the days whose value is filled in. */
function known(days: readonly Day[], value: (d: Day) => number | null): [number, number][] {
  const points: [number, number][] = [];
  for (const d of days) {
    const v = value(d);
    if (v !== null) points.push([d.day, v]);
  }
  return points;
}

function present(values: readonly (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null);
}

function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Least-squares slope of value over day; NaN unless at least two distinct days. */
function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  let sx = 0;
  let sy = 0;
  for (const [x, y] of points) {
    sx += x;
    sy += y;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (const [x, y] of points) {
    sxx += (x - mx) * (x - mx);
    sxy += (x - mx) * (y - my);
  }
  return sxx === 0 ? Number.NaN : sxy / sxx;
}
