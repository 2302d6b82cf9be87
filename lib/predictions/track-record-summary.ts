import { PREDICTION_TYPES, type PredictionType } from "@/lib/domain/prediction";
import { PREDICTION_TYPE_DESCRIPTORS } from "@/lib/domain/prediction-types";
import type { TrackEntry, TrackResult } from "@/lib/predictions/track-record";

/** The Predictions page looks back this many local days (target days today−29 … today). */
export const TRACK_WINDOW_DAYS = 30;

/**
 * Fewer scored days than this and the page says "Too few days to say yet". Why 7: below it a single day moves a hit
 * rate by more than 14 points, so one odd day would read as the model's character; and a week is the shortest run
 * that holds every weekday once — weekday against weekend is the biggest swing in the training simulation's stress
 * and mood, so a shorter run can be all workdays and flatter or condemn a model for it. (Seven days still leave a wide
 * margin — the exact 95% interval of 5 hits in 7 runs from 29% to 96% — which is why n is always shown.) The same
 * threshold holds for the comparison with "tomorrow like today": no verdict on fewer shared days.
 */
export const TRACK_MIN_DAYS = 7;

/**
 * "Better than assuming tomorrow is like today" or "not better yet"; null when the shared days are too few to say.
 * A tie is "not better": a model that only matches the rule adds nothing a person could not do in their head.
 */
export type SkillVerdict = "better" | "not-better" | null;

/**
 * The model against "tomorrow like today" (persistence) on the SAME days: the scored days on which persistence has an
 * answer (all of them for mood and stress; for energy dip, those with a check-in on the day before).
 */
export type HitSkill = {
  /** Shared days. */
  n: number;
  /** Days without a persistence answer, scored for the model but left out of this comparison. */
  left: number;
  modelHits: number;
  persistenceHits: number;
  /**
   * Binary types: Brier scores over the shared days, (p − outcome)² averaged, lower is better. Persistence says 0 or
   * 1, so its Brier is its share of misses. Null for multiclass types or with no shared day.
   */
  brier: {
    model: number;
    persistence: number;
    /**
     * The base rate: a constant chance `rate` said every day (how often the target came in the model's training data,
     * the manifest's `prevalence`), scored over the same days. Fixed before any of this person's days, so it peeks at
     * nothing; null when no rate was given.
     */
    baseRate: { rate: number; brier: number } | null;
  } | null;
  verdict: SkillVerdict;
};

export type ErrorSkill = {
  n: number;
  left: number;
  /** Mean absolute errors over the shared days; null with none. */
  modelMae: number | null;
  persistenceMae: number | null;
  verdict: SkillVerdict;
};

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
      /** Those whose next day has a check-in without the value scored (imported from Daylio: no energy or stress). */
      notEntered: number;
      models: string[];
      skill: HitSkill;
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
      notEntered: number;
      models: string[];
      skill: ErrorSkill;
    }
  | { type: PredictionType; kind: "unscored"; reason: string; models: string[] };

type SummaryOptions = {
  windowDays?: number;
  minDays?: number;
  /** Per binary type, the base rate to score beside persistence (see `HitSkill.brier.baseRate`). */
  baseRates?: Partial<Record<PredictionType, number>>;
};

/**
 * Per prediction type, how right the predictions whose target day lies in the last `windowDays` local days (today
 * included) have been, and how "tomorrow like today" did on the same days. `today` is the person's local day (see
 * `localDayOfNow`).
 *
 * Pure over one series of entries: to compare two series (say a generic and a personal model), build each series'
 * entries with `buildTrackRecord` from its own predictions and summarize each; the days, the outcomes and persistence
 * come from the same check-ins, so the figures stand side by side.
 */
export function summarizeTrackRecord(entries: readonly TrackEntry[], today: number, options: SummaryOptions = {}): TrackSummary[] {
  return PREDICTION_TYPES.map((type) => summarizeType(type, entries, today, options));
}

/** One type's summary (see summarizeTrackRecord). */
export function summarizeType(type: PredictionType, entries: readonly TrackEntry[], today: number, options: SummaryOptions = {}): TrackSummary {
  const windowDays = options.windowDays ?? TRACK_WINDOW_DAYS;
  const minDays = options.minDays ?? TRACK_MIN_DAYS;
  const first = today - windowDays + 1;
  const mine = entries.filter((e) => e.type === type && e.targetDay >= first && e.targetDay <= today);
  const models = [...new Set(mine.map((e) => `${e.prediction.model_name} v${e.prediction.model_version}`))].sort();
  const descriptor = PREDICTION_TYPE_DESCRIPTORS[type];
  const rule = descriptor.track;
  if (rule.kind === "unscored") return { type, kind: "unscored", reason: rule.reason, models };
  const waiting = mine.filter((e) => e.result.kind === "no-outcome-yet").length;
  const missed = mine.filter((e) => e.result.kind === "no-check-in").length;
  const notEntered = mine.filter((e) => e.result.kind === "not-entered").length;
  if (rule.kind === "hit") {
    const scored = mine.flatMap((e) => (e.result.kind === "hit" ? [e.result] : []));
    const hits = scored.filter((r) => r.hit).length;
    const n = scored.length;
    return { type, kind: "hit", n, hits, rate: n === 0 ? null : hits / n, enough: n >= minDays, waiting, missed, notEntered, models, skill: hitSkill(scored, descriptor.task === "binary", minDays, options.baseRates?.[type]) };
  }
  const scored = mine.flatMap((e) => (e.result.kind === "error" ? [e.result] : []));
  const n = scored.length;
  const mae = n === 0 ? null : mean(scored.map((r) => r.error));
  return { type, kind: "error", n, mae, enough: n >= minDays, waiting, missed, notEntered, models, skill: errorSkill(scored, minDays) };
}

type HitResult = Extract<TrackResult, { kind: "hit" }>;
type ErrorResult = Extract<TrackResult, { kind: "error" }>;

function hitSkill(scored: readonly HitResult[], binary: boolean, minDays: number, baseRate: number | undefined): HitSkill {
  // A binary day without the model's probability cannot enter the Brier score, so it leaves the comparison entirely:
  // every figure in it is over the same days.
  const shared = scored.filter((r) => r.persistence !== null && (!binary || r.pYes !== null));
  const n = shared.length;
  const modelHits = shared.filter((r) => r.hit).length;
  const persistenceHits = shared.filter((r) => r.persistence?.hit).length;
  const brier =
    binary && n > 0
      ? {
          model: mean(shared.map((r) => ((r.pYes as number) - (r.actual === "yes" ? 1 : 0)) ** 2)),
          persistence: mean(shared.map((r) => (r.persistence?.hit ? 0 : 1))),
          baseRate:
            baseRate === undefined || !(baseRate >= 0 && baseRate <= 1)
              ? null
              : { rate: baseRate, brier: mean(shared.map((r) => (baseRate - (r.actual === "yes" ? 1 : 0)) ** 2)) },
        }
      : null;
  let verdict: SkillVerdict = null;
  if (n >= minDays) {
    // Energy dip: the Brier score decides (a proper score: it rewards saying 30 % when 30 % is right), and the model
    // must not also be right on fewer days than the rule — a person counts hits, and "better" must hold for both.
    const better = brier ? brier.model < brier.persistence && modelHits >= persistenceHits : modelHits > persistenceHits;
    verdict = better ? "better" : "not-better";
  }
  return { n, left: scored.length - n, modelHits, persistenceHits, brier, verdict };
}

function errorSkill(scored: readonly ErrorResult[], minDays: number): ErrorSkill {
  const shared = scored.filter((r) => r.persistence !== null);
  const n = shared.length;
  const modelMae = n === 0 ? null : mean(shared.map((r) => r.error));
  const persistenceMae = n === 0 ? null : mean(shared.map((r) => r.persistence?.error ?? 0));
  const verdict: SkillVerdict = n < minDays ? null : (modelMae as number) < (persistenceMae as number) ? "better" : "not-better";
  return { n, left: scored.length - n, modelMae, persistenceMae, verdict };
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
