import { calendarDay } from "@/lib/features/calendar-day";
import { extractFeatures } from "@/lib/features/extract";
import { FEATURE_WINDOW_DAYS } from "@/lib/features/history-window";
import { assertTimeZone } from "@/lib/features/time-zone";
import type { FeatureSpec } from "@/lib/models/manifest-schema";
import type { PersonalCheckIn } from "./types";

/** The check-in scores a target or a persistence forecast reads (energy and stress: null in rows imported from Daylio). */
export type DayScores = { mood: number; energy: number | null; stress: number | null };

/**
 * One training row per scored day, oldest first: `x` holds the features (row-major, float32, `nFeatures` wide).
 * `today` is the latest check-in of day D (the one the app would have predicted from), `next` the latest of D+1.
 */
export type PersonalRows = {
  nRows: number;
  nFeatures: number;
  /** The model's feature names, in column order. */
  featureNames: string[];
  x: Float32Array;
  /** Local day numbers (days since 1970-01-01) of the rows. */
  days: number[];
  today: DayScores[];
  next: DayScores[];
};

type Placed = { checkIn: PersonalCheckIn; day: number; instant: number };

/**
 * The person's scored days as model rows, by the rules of the app and the track record (lib/predictions/track-record.ts):
 * days are local calendar days in `timeZone`; the features of day D are `extractFeatures(features, latest check-in of
 * D, history)` where history is every check-in before it from the FEATURE_WINDOW_DAYS days before D on (earlier
 * check-ins of D included, as the app reads them with historyWindowStart); the target comes from the latest check-in
 * of D+1. A day whose next day has no check-in gives no row, nor does one `observes` refuses (a target that needs
 * energy or stress on D or D+1 where a row imported from Daylio has none). Check-ins whose date cannot be read are
 * left out, as the track record leaves them out.
 *
 * Independent of the input order: check-ins are ordered by (instant, id) first, and history is passed newest first,
 * so the float sums inside extractFeatures run in one order.
 */
export function buildRows(
  features: readonly FeatureSpec[],
  checkIns: readonly PersonalCheckIn[],
  timeZone: string,
  observes: (today: DayScores, next: DayScores) => boolean = () => true,
): PersonalRows {
  assertTimeZone(timeZone, "buildRows: timeZone");
  const placed: Placed[] = [];
  for (const c of checkIns) {
    const day = calendarDay(c.checkin_date, timeZone);
    if (day === null) continue;
    placed.push({ checkIn: c, day, instant: instantOf(c.checkin_date) });
  }
  placed.sort(compare);
  const latest = new Map<number, number>(); // day → index in `placed` of its latest check-in
  placed.forEach((p, i) => latest.set(p.day, i));

  const nFeatures = features.length;
  const rows: Float32Array[] = [];
  const days: number[] = [];
  const today: DayScores[] = [];
  const next: DayScores[] = [];
  let windowStart = 0;
  for (const [day, i] of [...latest.entries()].sort((a, b) => a[0] - b[0])) {
    const j = latest.get(day + 1);
    if (j === undefined) continue;
    const current = placed[i] as Placed;
    const todayScores = scores(current.checkIn);
    const nextScores = scores((placed[j] as Placed).checkIn);
    if (!observes(todayScores, nextScores)) continue;
    while ((placed[windowStart] as Placed).day < day - FEATURE_WINDOW_DAYS) windowStart += 1;
    const history: PersonalCheckIn[] = [];
    // Everything strictly before the current check-in (by the same order), newest first.
    for (let k = i - 1; k >= windowStart; k--) history.push((placed[k] as Placed).checkIn);
    rows.push(extractFeatures(features, current.checkIn, history, { timeZone }));
    days.push(day);
    today.push(todayScores);
    next.push(nextScores);
  }
  const x = new Float32Array(rows.length * nFeatures);
  rows.forEach((r, k) => x.set(r, k * nFeatures));
  return { nRows: rows.length, nFeatures, featureNames: features.map((f) => f.name), x, days, today, next };
}

function scores(c: PersonalCheckIn): DayScores {
  return { mood: c.mood, energy: c.energy, stress: c.stress };
}

/**
 * The instant of a check-in, for ordering only. A timestamp without an offset is a wall-clock reading (calendarDay
 * keeps its date); it is read as if UTC here so that the order never depends on the device's own zone, as Date.parse
 * of such text would.
 */
function instantOf(iso: string): number {
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(iso) && iso.length > 10;
  const t = Date.parse(hasZone ? iso : iso.length === 10 ? `${iso}T00:00:00Z` : `${iso}Z`);
  return Number.isNaN(t) ? 0 : t;
}

function compare(a: Placed, b: Placed): number {
  // The day first: an offset-less wall-clock time may sort differently by instant than by its (local) day.
  if (a.day !== b.day) return a.day - b.day;
  if (a.instant !== b.instant) return a.instant - b.instant;
  return a.checkIn.id < b.checkIn.id ? -1 : a.checkIn.id > b.checkIn.id ? 1 : 0;
}
