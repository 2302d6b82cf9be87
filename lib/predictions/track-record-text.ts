import { PREDICTION_TYPES, type PredictionType } from "@/lib/domain/prediction";
import { PREDICTION_TYPE_DESCRIPTORS } from "@/lib/domain/prediction-types";
import type { TrackEntry } from "@/lib/predictions/track-record";
import type { TrackSummary } from "@/lib/predictions/track-record-summary";

/** Short names for a History row, where the full titles ("Tomorrow's mood") would read wrong about a past day. */
export const TRACK_SHORT_LABELS = Object.fromEntries(PREDICTION_TYPES.map((t) => [t, PREDICTION_TYPE_DESCRIPTORS[t].shortTitle])) as Record<PredictionType, string>;

export type TrackLine = {
  label: string;
  predicted: string;
  entered: string;
  /** "right" / "wrong" (classes), "off by 1.2" (stress), or null where nothing is scored. */
  verdict: string | null;
  /** For styling only; the words above carry the meaning. */
  tone: "right" | "wrong" | "neutral";
};

const oneDecimal = (x: number) => (Math.round(x * 10) / 10).toFixed(1);

/**
 * One History line: what was predicted for a day and what the person entered that day, e.g.
 * { label: "Mood", predicted: "steady", entered: "6 (steady)", verdict: "right" }. Null for entries without an
 * outcome (they belong to no History row) and for burnout risk (nothing on a day shows it).
 */
export function describeTrackEntry(entry: TrackEntry): TrackLine | null {
  const { result, outcome, prediction } = entry;
  const label = TRACK_SHORT_LABELS[entry.type];
  if (!outcome || entry.type === "burnout_risk") return null;
  switch (result.kind) {
    case "hit":
      if (entry.type === "mood_tomorrow") {
        return { label, predicted: result.predicted, entered: `${outcome.mood} (${result.actual})`, verdict: verdict(result.hit), tone: tone(result.hit) };
      }
      return {
        label,
        predicted: result.predicted === "yes" ? "a dip" : "no dip",
        entered: `energy ${outcome.energy} after ${entry.madeFrom.energy} (${result.actual === "yes" ? "a dip" : "no dip"})`,
        verdict: verdict(result.hit),
        tone: tone(result.hit),
      };
    case "error":
      return {
        label,
        predicted: oneDecimal(result.predicted),
        entered: String(result.actual),
        verdict: `off by ${oneDecimal(result.error)}`,
        tone: "neutral",
      };
    case "unscored":
      return {
        label,
        predicted: `${Math.round(prediction.score)}/100`,
        entered: outcome.sleep_hours === null ? "nothing for sleep" : `${outcome.sleep_hours} h of sleep`,
        verdict: "not scored",
        tone: "neutral",
      };
    case "unreadable":
      return { label, predicted: "unreadable", entered: "—", verdict: null, tone: "neutral" };
    case "no-outcome-yet":
    case "no-check-in":
      return null;
  }
}

const verdict = (hit: boolean) => (hit ? "right" : "wrong");
const tone = (hit: boolean): TrackLine["tone"] => (hit ? "right" : "wrong");

export type TrackSummaryText = {
  /** The number, or the "too few days" note. */
  headline: string;
  /** What the number is and what it rests on; null when there is nothing to add. */
  detail: string | null;
};

/** The Predictions page's card text for one model. */
export function describeTrackSummary(s: TrackSummary, minDays: number): TrackSummaryText {
  if (s.kind === "unscored") return { headline: s.reason, detail: null };
  const pending = pendingText(s.waiting, s.missed);
  if (!s.enough) return { headline: `Too few days to say yet (${s.n} of ${minDays} needed).`, detail: pending };
  const headline =
    s.kind === "hit"
      ? `Right on ${s.hits} of ${s.n} days (${Math.round((s.rate ?? 0) * 100)}%).`
      : `Off by ${oneDecimal(s.mae ?? 0)} points on average over ${s.n} days (mean absolute error).`;
  return { headline, detail: pending };
}

function pendingText(waiting: number, missed: number): string | null {
  const parts: string[] = [];
  if (waiting > 0) parts.push(`${waiting} waiting for the day's check-in`);
  if (missed > 0) parts.push(`${missed} not counted: no check-in the next day`);
  return parts.length > 0 ? `${parts.join("; ")}.` : null;
}
