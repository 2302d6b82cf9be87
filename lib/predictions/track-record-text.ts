import { PREDICTION_TYPES, type PredictionType } from "@/lib/domain/prediction";
import { PREDICTION_TYPE_DESCRIPTORS } from "@/lib/domain/prediction-types";
import type { TrackEntry } from "@/lib/predictions/track-record";
import type { ErrorSkill, HitSkill, TrackSummary } from "@/lib/predictions/track-record-summary";

/** Short names for a History row, where the full titles ("Tomorrow's mood") would read wrong about a past day. */
export const TRACK_SHORT_LABELS = Object.fromEntries(PREDICTION_TYPES.map((t) => [t, PREDICTION_TYPE_DESCRIPTORS[t].shortTitle])) as Record<PredictionType, string>;

/** The rule every model is measured against, in the words the person reads everywhere. */
export const PERSISTENCE_WORDS = "assuming tomorrow is like today";

export type TrackLine = {
  label: string;
  predicted: string;
  entered: string;
  /** "right" / "wrong" (classes), "off by 1.2" (stress), or null where nothing is scored. */
  verdict: string | null;
  /**
   * What "tomorrow like today" would have said for the day and how it did ("steady, right"; "5, off by 1.0"), "no
   * check-in the day before to go by" when it cannot say, or null where nothing is scored.
   */
  persistence: string | null;
  /** For styling only; the words above carry the meaning. */
  tone: "right" | "wrong" | "neutral";
};

const oneDecimal = (x: number) => (Math.round(x * 10) / 10).toFixed(1);
const twoDecimals = (x: number) => (Math.round(x * 100) / 100).toFixed(2);
const NO_YESTERDAY = "no check-in the day before to go by";

/**
 * One History line: what was predicted for a day and what the person entered that day, e.g.
 * { label: "Mood", predicted: "steady", entered: "6 (steady)", verdict: "right", persistence: "steady, right" }. Null
 * for entries without an outcome (they belong to no History row) and for types with nothing a day shows (burnout).
 */
export function describeTrackEntry(entry: TrackEntry): TrackLine | null {
  const { result, outcome, prediction } = entry;
  const label = TRACK_SHORT_LABELS[entry.type];
  const rule = PREDICTION_TYPE_DESCRIPTORS[entry.type].track;
  if (!outcome) return null;
  if (rule.kind === "unscored") {
    if (!rule.history) return null;
    return { label, predicted: rule.history.predicted(prediction.score), entered: rule.history.entered(outcome), verdict: "not scored", persistence: null, tone: "neutral" };
  }
  switch (result.kind) {
    case "hit": {
      if (rule.kind !== "hit") return null;
      const kept = result.persistence;
      return {
        label,
        predicted: rule.words(result.predicted),
        entered: rule.entered(entry.madeFrom, outcome, result.actual),
        verdict: verdict(result.hit),
        persistence: kept ? `${rule.words(kept.predicted)}, ${verdict(kept.hit)}` : NO_YESTERDAY,
        tone: tone(result.hit),
      };
    }
    case "error": {
      const kept = result.persistence;
      return {
        label,
        predicted: oneDecimal(result.predicted),
        entered: String(result.actual),
        verdict: `off by ${oneDecimal(result.error)}`,
        persistence: kept ? `${kept.predicted}, off by ${oneDecimal(kept.error)}` : NO_YESTERDAY,
        tone: "neutral",
      };
    }
    case "unreadable":
      return { label, predicted: "unreadable", entered: "—", verdict: null, persistence: null, tone: "neutral" };
    case "unscored":
    case "no-outcome-yet":
    case "no-check-in":
    case "not-entered":
      return null;
  }
}

const verdict = (hit: boolean) => (hit ? "right" : "wrong");
const tone = (hit: boolean): TrackLine["tone"] => (hit ? "right" : "wrong");

export type TrackSummaryText = {
  /** The number, or the "too few days" note. */
  headline: string;
  /** The same days scored by "tomorrow like today"; null while the headline has no number. */
  skill: string | null;
  /** "Better than …" / "Not better yet than …"; null with too few shared days. */
  verdict: string | null;
  /** What the number rests on; null when there is nothing to add. */
  detail: string | null;
};

/** The Predictions page's card text for one model. */
export function describeTrackSummary(s: TrackSummary, minDays: number): TrackSummaryText {
  if (s.kind === "unscored") return { headline: s.reason, skill: null, verdict: null, detail: null };
  const detail = pendingText(s.waiting, s.missed, s.notEntered);
  if (!s.enough) return { headline: `Too few days to say yet (${s.n} of ${minDays} needed).`, skill: null, verdict: null, detail };
  const headline =
    s.kind === "hit"
      ? `Right on ${s.hits} of ${s.n} days (${Math.round((s.rate ?? 0) * 100)}%).`
      : `Off by ${oneDecimal(s.mae ?? 0)} points on average over ${s.n} days (mean absolute error).`;
  const { skill } = s;
  if (skill.n < minDays) {
    // Only energy dip gets here: its persistence needs the day before, and the person skipped too many of them.
    const skillText = `Too few of these days to compare with ${PERSISTENCE_WORDS} (${skill.n} of ${minDays} needed): it can only be scored on days with a check-in the day before.`;
    return { headline, skill: skillText, verdict: null, detail };
  }
  const skillText = s.kind === "hit" ? hitSkillText(s.skill) : errorSkillText(s.skill);
  const verdict = skill.verdict === "better" ? `Better than ${PERSISTENCE_WORDS}.` : `Not better yet than ${PERSISTENCE_WORDS}.`;
  return { headline, skill: skillText, verdict, detail };
}

/** The days a comparison is over: all the scored days, or those on which persistence could say something. */
const sharedDays = (skill: { n: number; left: number }) =>
  skill.left === 0 ? `the same ${skill.n} days` : `the ${skill.n} of these days with a check-in the day before`;

function hitSkillText(skill: HitSkill): string {
  const hits =
    skill.left === 0
      ? `${capitalize(PERSISTENCE_WORDS)}: right on ${skill.persistenceHits} of ${sharedDays(skill)}.`
      : `On ${sharedDays(skill)}: the model right on ${skill.modelHits}, ${PERSISTENCE_WORDS} on ${skill.persistenceHits}.`;
  if (!skill.brier) return hits;
  const { model, persistence, baseRate } = skill.brier;
  const usual = baseRate ? `, always the usual ${Math.round(baseRate.rate * 100)}% chance ${twoDecimals(baseRate.brier)}` : "";
  return `${hits} Brier score (0 is perfect, lower is better): the model ${twoDecimals(model)}, ${PERSISTENCE_WORDS} ${twoDecimals(persistence)}${usual}.`;
}

function errorSkillText(skill: ErrorSkill): string {
  const model = oneDecimal(skill.modelMae ?? 0);
  const kept = oneDecimal(skill.persistenceMae ?? 0);
  return skill.left === 0
    ? `${capitalize(PERSISTENCE_WORDS)}: off by ${kept} on average over ${sharedDays(skill)}.`
    : `On ${sharedDays(skill)}: the model off by ${model} on average, ${PERSISTENCE_WORDS} by ${kept}.`;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function pendingText(waiting: number, missed: number, notEntered: number): string | null {
  const parts: string[] = [];
  if (waiting > 0) parts.push(`${waiting} waiting for the day's check-in`);
  if (missed > 0) parts.push(`${missed} not counted: no check-in the next day`);
  if (notEntered > 0) parts.push(`${notEntered} not counted: the next day's check-in (imported) has no value for it`);
  return parts.length > 0 ? `${parts.join("; ")}.` : null;
}
