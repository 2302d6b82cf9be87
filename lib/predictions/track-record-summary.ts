import { PREDICTION_TYPES, type PredictionType } from "@/lib/domain/prediction";
import { TRACK_RULES, type TrackEntry } from "@/lib/predictions/track-record";

/** The Predictions page looks back this many local days (target days today−29 … today). */
export const TRACK_WINDOW_DAYS = 30;

/**
 * Fewer scored days than this and the page says "Too few days to say yet". Why 7: below it a single day moves a hit
 * rate by more than 14 points, so one odd day would read as the model's character; and a week is the shortest run
 * that holds every weekday once — weekday against weekend is the biggest swing in the training simulation's stress
 * and mood, so a shorter run can be all workdays and flatter or condemn a model for it. (Seven days still leave a wide
 * margin — the exact 95% interval of 5 hits in 7 runs from 29% to 96% — which is why n is always shown.)
 */
export const TRACK_MIN_DAYS = 7;

export type TrackSummary =
  | {
      type: PredictionType;
      kind: "hit";
      /** Scored days in the window. */
      n: number;
      hits: number;
      /** hits / n, or null when n is 0. */
      rate: number | null;
      enough: boolean;
      /** Predictions in the window still waiting for their day's check-in, and those whose day passed without one. */
      waiting: number;
      missed: number;
      models: string[];
    }
  | {
      type: PredictionType;
      kind: "error";
      n: number;
      /** Mean absolute error, or null when n is 0. */
      mae: number | null;
      enough: boolean;
      waiting: number;
      missed: number;
      models: string[];
    }
  | { type: PredictionType; kind: "unscored"; reason: string; models: string[] };

/**
 * Per prediction type, how right the predictions whose target day lies in the last `windowDays` local days (today
 * included) have been. `today` is the person's local day (see `localDayOfNow`).
 */
export function summarizeTrackRecord(
  entries: readonly TrackEntry[],
  today: number,
  options: { windowDays?: number; minDays?: number } = {},
): TrackSummary[] {
  const windowDays = options.windowDays ?? TRACK_WINDOW_DAYS;
  const minDays = options.minDays ?? TRACK_MIN_DAYS;
  const first = today - windowDays + 1;
  const inWindow = entries.filter((e) => e.targetDay >= first && e.targetDay <= today);
  return PREDICTION_TYPES.map((type): TrackSummary => {
    const mine = inWindow.filter((e) => e.type === type);
    const models = [...new Set(mine.map((e) => `${e.prediction.model_name} v${e.prediction.model_version}`))].sort();
    const rule = TRACK_RULES[type];
    if (rule.kind === "unscored") return { type, kind: "unscored", reason: rule.reason, models };
    const waiting = mine.filter((e) => e.result.kind === "no-outcome-yet").length;
    const missed = mine.filter((e) => e.result.kind === "no-check-in").length;
    if (rule.kind === "hit") {
      const scored = mine.flatMap((e) => (e.result.kind === "hit" ? [e.result] : []));
      const hits = scored.filter((r) => r.hit).length;
      const n = scored.length;
      return { type, kind: "hit", n, hits, rate: n === 0 ? null : hits / n, enough: n >= minDays, waiting, missed, models };
    }
    const errors = mine.flatMap((e) => (e.result.kind === "error" ? [e.result.error] : []));
    const n = errors.length;
    const mae = n === 0 ? null : errors.reduce((s, x) => s + x, 0) / n;
    return { type, kind: "error", n, mae, enough: n >= minDays, waiting, missed, models };
  });
}
