import type { CheckIn } from "@/lib/domain/check-in";
import { isPredictionType, PREDICTION_TYPES, type Prediction, type PredictionType } from "@/lib/domain/prediction";
import { descriptorOf, PREDICTION_TYPE_DESCRIPTORS } from "@/lib/domain/prediction-types";
import { positiveProbability } from "@/lib/domain/probability-words";
import { calendarDay } from "@/lib/features/calendar-day";
import { assertTimeZone } from "@/lib/features/time-zone";

/**
 * "How right were they?": each stored prediction scored against what the person entered the next day, by the same
 * definition of the outcome the model was trained on (scripts/models/dataset.ts, docs/models.md):
 *
 * - mood_tomorrow: the class of the next day's mood, low 1–4 / steady 5–7 / high 8–10 (`moodClass`). Hit or miss.
 * - stress_forecast: the next day's stress, 1–10 (`stressTomorrow`). Absolute error.
 * - energy_dip: the next day's energy at least 2 below the energy of the check-in the prediction was made from
 *   (`next.energy <= day.energy - 2`). Hit or miss.
 * - sleep_quality: not scored. The model learned a 0–100 quality that exists only inside the training simulation
 *   (a function of a hidden sleep need, a hidden burnout load and noise); a check-in asks how long you slept, not how
 *   well, so nothing a person enters measures it. The hours slept that night (entered the next day) are shown beside it.
 * - burnout_risk: not scored. Its target is "a burnout day within the next 7 days" of a latent load; no check-in
 *   observes it.
 *
 * Days are the person's local calendar days (`calendarDay` in their IANA zone, as the features count them): a
 * prediction made on day D is about day D+1. Per day and type, the prediction counted is the one made from the day's
 * latest check-in (it saw the most of that day, as the features treat an earlier same-day check-in as part of
 * "today"); the outcome is the latest check-in of D+1 (the person's last word on that day). So each day counts once,
 * however often the person checked in. A day D+1 without a check-in has no outcome and counts for nothing.
 *
 * Beside each scored prediction, what "tomorrow like today" (persistence) would have said for D+1 from the same
 * check-in (the descriptors' `track.persistence`): mood, the class of D's mood; stress, D's stress; energy dip, a dip if
 * D was a dip against D−1 (the latest check-in of the calendar day before). Without a check-in on D−1 energy-dip
 * persistence has no answer (null) and the day is left out of every comparison with it.
 */

// The training targets live with their types now (lib/domain/prediction-types.ts); kept importable from here for the
// modules that already do (lib/personal), until they import the descriptor file directly.
export { isEnergyDip, moodClassOf, type MoodClass } from "@/lib/domain/prediction-types";

/** How each prediction type is scored; `unscored` types carry the reason shown to the person (from the descriptors). */
export const TRACK_RULES = Object.fromEntries(PREDICTION_TYPES.map((t) => [t, PREDICTION_TYPE_DESCRIPTORS[t].track])) as {
  [T in PredictionType]: (typeof PREDICTION_TYPE_DESCRIPTORS)[T]["track"];
};

export type TrackResult =
  /**
   * mood_tomorrow, energy_dip: the predicted and the observed class. `pYes`: a binary model's probability of "yes"
   * (for the Brier score), null for other types. `persistence`: what "tomorrow like today" said for the same day and
   * whether it was right; null when it cannot say (energy dip without a check-in on the day before).
   */
  | { kind: "hit"; hit: boolean; predicted: string; actual: string; pYes: number | null; persistence: { predicted: string; hit: boolean } | null }
  /** stress_forecast: the predicted value, what was entered, the absolute difference, and persistence's the same. */
  | { kind: "error"; error: number; predicted: number; actual: number; persistence: { predicted: number; error: number } | null }
  /** sleep_quality, burnout_risk: shown, never counted. */
  | { kind: "unscored"; reason: string }
  /** No check-in on the target day, which is today or later: it may still come. */
  | { kind: "no-outcome-yet" }
  /** No check-in on the target day, which has passed. */
  | { kind: "no-check-in" }
  /** The target day's check-in has no value to score against (imported from Daylio: no energy or stress). */
  | { kind: "not-entered" }
  /** The stored prediction cannot be read as its type (no label or probabilities, a non-finite value). */
  | { kind: "unreadable" };

export type TrackEntry = {
  type: PredictionType;
  prediction: Prediction;
  /** The check-in the prediction was made from (local day `day`). */
  madeFrom: CheckIn;
  /** Local calendar day (days since 1970-01-01) the prediction was made on. */
  day: number;
  /** The day it is about: `day + 1`. */
  targetDay: number;
  /** The latest check-in of `targetDay`, or null when there is none. */
  outcome: CheckIn | null;
  result: TrackResult;
};

export type TrackRecordInput = {
  checkIns: readonly CheckIn[];
  predictions: readonly Prediction[];
  /** The person's IANA zone: whose calendar days count. */
  timeZone: string;
  /** Now, as epoch ms: decides whether a missing next-day check-in is "not yet" or "never came". */
  now: number;
};

/**
 * Every prediction day in the input, scored: one entry per (local day, prediction type) that has a prediction.
 * Check-ins and predictions may come in any order; check-ins with an unreadable date and predictions of check-ins not
 * in the input are left out (they cannot be placed on a day). Newest target day first.
 */
export function buildTrackRecord(input: TrackRecordInput): TrackEntry[] {
  assertTimeZone(input.timeZone, "buildTrackRecord: timeZone");
  const { timeZone } = input;
  const today = localDayOfNow(input.now, timeZone);

  // The latest check-in of each local day, and each check-in's day. Ties on the instant break by id so the choice
  // never depends on the order rows came out of the store.
  const dayOf = new Map<string, number>();
  const latestOfDay = new Map<number, CheckIn>();
  const byDay = new Map<number, CheckIn[]>();
  for (const c of input.checkIns) {
    const day = calendarDay(c.checkin_date, timeZone);
    if (day === null) continue;
    dayOf.set(c.id, day);
    const list = byDay.get(day);
    if (list) list.push(c);
    else byDay.set(day, [c]);
    const current = latestOfDay.get(day);
    if (!current || isLater(c, current)) latestOfDay.set(day, c);
  }

  // Per check-in and type, its newest prediction (a check-in is predicted once, but a pull may bring a second copy).
  const newest = new Map<string, Prediction>();
  for (const p of input.predictions) {
    // A type this version does not know (written by a newer app in another tab or on another device): skipped.
    if (!dayOf.has(p.checkin_id) || !isPredictionType(p.prediction_type)) continue;
    const key = `${p.checkin_id}\u0000${p.prediction_type}`;
    const current = newest.get(key);
    if (!current || p.created_at > current.created_at || (p.created_at === current.created_at && p.id > current.id)) newest.set(key, p);
  }

  const entries: TrackEntry[] = [];
  for (const [day, checkIns] of byDay) {
    // Latest first, so the first check-in with a prediction of a type is the one that counts for that type. A type the
    // latest check-in has no prediction of (that model failed then) falls back to the day's earlier check-in.
    const latestFirst = [...checkIns].sort((a, b) => (isLater(a, b) ? -1 : 1));
    const outcome = latestOfDay.get(day + 1) ?? null;
    for (const type of PREDICTION_TYPES) {
      for (const madeFrom of latestFirst) {
        const prediction = newest.get(`${madeFrom.id}\u0000${type}`);
        if (!prediction) continue;
        entries.push({
          type,
          prediction,
          madeFrom,
          day,
          targetDay: day + 1,
          outcome,
          result: score(type, prediction, madeFrom, latestOfDay.get(day - 1) ?? null, outcome, day + 1 >= today),
        });
        break;
      }
    }
  }
  return entries.sort((a, b) => b.targetDay - a.targetDay || PREDICTION_TYPES.indexOf(a.type) - PREDICTION_TYPES.indexOf(b.type));
}

function isLater(a: CheckIn, b: CheckIn): boolean {
  const ta = Date.parse(a.checkin_date);
  const tb = Date.parse(b.checkin_date);
  return ta !== tb ? ta > tb : a.id > b.id;
}

/** The local day of `now`. `calendarDay` takes ISO text; an epoch goes through toISOString (always valid ISO). */
export function localDayOfNow(now: number, timeZone: string): number {
  const day = calendarDay(new Date(now).toISOString(), timeZone);
  if (day === null) throw new RangeError(`now (${now}) is not a valid time.`);
  return day;
}

function score(
  type: PredictionType,
  p: Prediction,
  madeFrom: CheckIn,
  yesterday: CheckIn | null,
  outcome: CheckIn | null,
  mayStillCome: boolean,
): TrackResult {
  const d = descriptorOf(type);
  if (d.track.kind === "unscored") return { kind: "unscored", reason: d.track.reason };
  if (!outcome) return mayStillCome ? { kind: "no-outcome-yet" } : { kind: "no-check-in" };
  if (d.task === "regression") {
    const rule = d.track;
    if (!Number.isFinite(p.score)) return { kind: "unreadable" };
    const actual = rule.outcome(outcome);
    if (actual === null) return { kind: "not-entered" };
    const kept = rule.persistence(madeFrom, yesterday);
    return {
      kind: "error",
      error: Math.abs(p.score - actual),
      predicted: p.score,
      actual,
      persistence: kept === null ? null : { predicted: kept, error: Math.abs(kept - actual) },
    };
  }
  const rule = d.track;
  const predicted = classLabel(p, d.labels);
  if (predicted === null) return { kind: "unreadable" };
  const actual = rule.outcome(madeFrom, outcome);
  if (actual === null) return { kind: "not-entered" };
  const kept = rule.persistence(madeFrom, yesterday);
  return {
    kind: "hit",
    hit: predicted === actual,
    predicted,
    actual,
    pYes: d.task === "binary" ? positiveProbability(p) : null,
    persistence: kept === null ? null : { predicted: kept, hit: kept === actual },
  };
}

/**
 * The predicted class: the stored label, or (a row without one) the most probable class of `probabilities`, which is
 * how summarize-output.ts chose the label in the first place.
 */
function classLabel(p: Prediction, labels: readonly string[]): string | null {
  if (p.label !== null && labels.includes(p.label)) return p.label;
  const probs = p.probabilities;
  if (!probs || probs.length !== labels.length || probs.some((x) => !Number.isFinite(x))) return null;
  let best = 0;
  for (let i = 1; i < probs.length; i++) if ((probs[i] ?? 0) > (probs[best] ?? 0)) best = i;
  return labels[best] ?? null;
}
