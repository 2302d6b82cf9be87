import type { CheckIn } from "@/lib/domain/check-in";
import { formatPercent, inHundred, positiveProbability, type StoredPrediction, sureness } from "@/lib/domain/probability-words";

/**
 * The one declaration of each prediction type: everything the app says or does about a type that is not the model
 * itself. The id list (`PREDICTION_TYPES`, lib/domain/prediction.ts), the headline and sentence under each prediction
 * (lib/predictions/describe-prediction.ts), the track record's scoring and its persistence baseline
 * (lib/predictions/track-record*.ts) and the words "Why?" ends its lines with are all read from here.
 *
 * Adding a sixth type touches three places (docs/models.md, "Adding a prediction type"): an entry here, its training
 * definition (scripts/models/model-definitions.ts: same id, task, labels, title and target range) and a migration that
 * widens `predictions_prediction_type_known`. tests/unit/domain/prediction-types.test.ts fails until the three agree
 * (this list, the migrations' CHECK, the shipped manifest's types, tasks, labels and ranges).
 *
 * The database type: `id` is the text stored in `predictions.prediction_type`. The rest of the row follows from
 * `task`: a classifier stores `label` (one of `labels`), `score` = that label's probability and `probabilities` in
 * `labels` order; a regression stores `label` null, `score` = the value clamped to `scale`, `probabilities` null.
 *
 * Kept free of any library: the home page's results import it.
 */

/** What the track record reads from a check-in: the values a target or persistence is computed from. */
export type DayValues = Pick<CheckIn, "mood" | "energy" | "stress" | "sleep_hours">;

/**
 * How the track record scores a type, by the same definition of the outcome the model was trained on
 * (scripts/models/dataset.ts), and what "tomorrow like today" (persistence) would have said on the same day.
 */
/** Hit or miss on a class (classifiers). */
export type HitScoring = {
  kind: "hit";
  /**
   * The observed class, from the check-in the prediction was made from (day D) and the outcome (day D+1); null when a
   * value it needs is empty (a row imported from Daylio has no energy).
   */
  outcome(madeFrom: DayValues, next: DayValues): string | null;
  /**
   * Persistence's class for D+1: what day D itself was. `yesterday` is the latest check-in of D−1 (null when there is
   * none); null when persistence cannot be said without it.
   */
  persistence(today: DayValues, yesterday: DayValues | null): string | null;
  /** A class in a History line ("steady", "a dip"). */
  words(cls: string): string;
  /** What the person entered on D+1, for a History line ("6 (steady)"). */
  entered(madeFrom: DayValues, next: DayValues, actual: string): string;
};

/** Absolute error on a value (regressions). */
export type ErrorScoring = {
  kind: "error";
  /** null when D+1's check-in has no value for it (a row imported from Daylio has no stress). */
  outcome(next: DayValues): number | null;
  persistence(today: DayValues, yesterday: DayValues | null): number | null;
};

/**
 * Shown, never counted; `reason` is what the person reads. `history`: what a History line shows beside the prediction
 * instead of a verdict (sleep quality: the hours slept), or null for no line at all (burnout risk: nothing on a single
 * day shows it).
 */
export type Unscored = {
  kind: "unscored";
  reason: string;
  history: { predicted(score: number): string; entered(next: DayValues): string } | null;
};

/**
 * How the track record scores a type, by the same definition of the outcome the model was trained on
 * (scripts/models/dataset.ts), and what "tomorrow like today" (persistence) would have said on the same day.
 */
export type TrackScoring = HitScoring | ErrorScoring | Unscored;

type Common = {
  /** Also the value of `predictions.prediction_type`. */
  readonly id: string;
  /** The headline's title: "Tomorrow's mood". */
  readonly title: string;
  /** A History line's label, where the full title would read wrong about a past day: "Mood". */
  readonly shortTitle: string;
  /**
   * The headline after the title: "likely steady (62%)", so that it reads "Tomorrow's mood: likely steady (62%)" on
   * every page. Null when the row holds no answer (the headline then says "unknown").
   */
  answer(p: StoredPrediction): string | null;
  /** One sentence under the headline: what the prediction is about and how sure the model is. */
  explain(p: StoredPrediction): string;
  /** How a "Why?" line ends: "raises <whyEffect>" ("the chance of a steady mood tomorrow"). */
  whyEffect(label: string | null): string;
  /**
   * The metric the model is judged by against its baselines (the training definitions in
   * scripts/models/model-definitions.ts read it from here; docs/models.md "Baselines"): the manifest's `metrics` hold it beside `persistence_<it>` and `linear_<it>`.
   */
  readonly mainMetric: "accuracy" | "brier" | "mae";
};

export type ClassifierType = Common & {
  readonly task: "multiclass" | "binary";
  /** Class labels in the model's output order; a binary type's are ["no", "yes"]. */
  readonly labels: readonly string[];
  /** Shown as a probability: "Why?" amounts in percentage points with one decimal. */
  readonly whyDecimals: 1;
  readonly track: HitScoring | Unscored;
};

export type RegressionType = Common & {
  readonly task: "regression";
  /** The predicted value's range (the manifest's `target` min and max) and what one step of it is called. */
  readonly scale: { readonly min: number; readonly max: number; readonly unit: string };
  /**
   * The model's typical error: its held-out mean absolute error (`metrics.mae` in public/models/manifest.json),
   * rounded the way a person would say it. Stored rows carry no metrics, and History and Predictions show rows from
   * before a reload, so the number lives here; tests/unit/predictions/typical-error.test.ts fails when a retrained
   * model's metrics no longer round to it.
   */
  readonly typicalError: { readonly value: number; readonly unit: string };
  /** Decimals of a "Why?" amount, in the value's own unit. */
  readonly whyDecimals: 1 | 2;
  readonly track: ErrorScoring | Unscored;
};

export type PredictionTypeDescriptor = ClassifierType | RegressionType;

export type MoodClass = "low" | "steady" | "high";

/** The mood classes of mood_tomorrow, exactly as the training pipeline cuts them (`moodClass` in dataset.ts). */
export function moodClassOf(mood: number): MoodClass {
  return mood <= 4 ? "low" : mood <= 7 ? "steady" : "high";
}

/** energy_dip's training target: tomorrow's energy at least 2 points below today's. */
export function isEnergyDip(todayEnergy: number, nextEnergy: number): boolean {
  return nextEnergy <= todayEnergy - 2;
}

/** "yes"/"no", or null when either energy is empty (a row imported from Daylio). */
const dipClass = (todayEnergy: number | null, nextEnergy: number | null) =>
  todayEnergy === null || nextEnergy === null ? null : isEnergyDip(todayEnergy, nextEnergy) ? "yes" : "no";

const chanceOfYes = (p: StoredPrediction) => {
  const yes = positiveProbability(p);
  return yes === null ? "the model gave no answer" : `the model puts the chance at ${inHundred(yes)}`;
};
const MOOD_QUESTION = "Whether tomorrow's mood will be low (1–4), steady (5–7) or high (8–10)";

const moodTomorrow = {
  id: "mood_tomorrow",
  task: "multiclass",
  labels: ["low", "steady", "high"],
  title: "Tomorrow's mood",
  shortTitle: "Mood",
  answer: (p) => (p.score === null ? null : `likely ${p.label ?? "unknown"} (${formatPercent(p.score)})`),
  explain(p) {
    if (p.score === null) return `${MOOD_QUESTION}; the model gave no answer.`;
    return `${MOOD_QUESTION}: the model gives "${p.label ?? "unknown"}" ${inHundred(p.score)}, so ${sureness(p.score)}.`;
  },
  whyEffect: (label) => `the chance of a ${label ?? "such a"} mood tomorrow`,
  mainMetric: "accuracy",
  whyDecimals: 1,
  track: {
    kind: "hit",
    outcome: (_madeFrom, next) => moodClassOf(next.mood),
    // Tomorrow in the same class as today's mood.
    persistence: (today) => moodClassOf(today.mood),
    words: (cls) => cls,
    entered: (_madeFrom, next, actual) => `${next.mood} (${actual})`,
  },
} as const satisfies ClassifierType;

const burnoutRisk = {
  id: "burnout_risk",
  task: "binary",
  labels: ["no", "yes"],
  title: "Burnout risk",
  shortTitle: "Burnout risk",
  answer(p) {
    const yes = positiveProbability(p);
    if (yes === null) return null;
    const band = yes < 0.25 ? "low" : yes < 0.5 ? "moderate" : "high";
    return `${band} (${formatPercent(yes)})`;
  },
  explain: (p) => `Whether you will have at least one burnout day (sustained overload) in the next 7 days: ${chanceOfYes(p)}.`,
  whyEffect: () => "burnout risk",
  mainMetric: "brier",
  whyDecimals: 1,
  track: {
    kind: "unscored",
    // Its target is a latent load crossing a threshold on any of the next 7 days: no check-in observes it.
    reason: "Not scored: burnout risk is about the coming 7 days as a whole, and no single check-in can show whether it came true.",
    history: null,
  },
} as const satisfies ClassifierType;

// Typical errors (see RegressionType.typicalError), named so that the sentences below can quote them.
const SLEEP_TYPICAL_ERROR = { value: 7, unit: "points" } as const;
const STRESS_TYPICAL_ERROR = { value: 1, unit: "point" } as const;

const sleepQuality = {
  id: "sleep_quality",
  task: "regression",
  scale: { min: 0, max: 100, unit: "points" },
  typicalError: SLEEP_TYPICAL_ERROR,
  title: "Sleep quality tonight",
  shortTitle: "Sleep quality",
  answer(p) {
    if (p.score === null) return null;
    const band = p.score < 50 ? "poor" : p.score < 75 ? "fair" : "good";
    return `${band} (${Math.round(p.score)}/100)`;
  },
  explain() {
    const { value, unit } = SLEEP_TYPICAL_ERROR;
    return `How well you are likely to sleep tonight, from 0 (very poorly) to 100 (very well), not a measure of last night's sleep; an estimate from your recent check-ins, usually within about ${value} ${unit}.`;
  },
  whyEffect: () => "tonight's sleep quality",
  mainMetric: "mae",
  whyDecimals: 1,
  track: {
    kind: "unscored",
    // A 0–100 quality that exists only inside the training simulation (a hidden sleep need, a hidden burnout load,
    // noise): nothing a person enters measures it. History shows the hours slept beside it instead.
    reason:
      "Not scored: a check-in asks how long you slept, not how well, and the model's 0–100 score has no counterpart in what you enter.",
    history: {
      predicted: (score) => `${Math.round(score)}/100`,
      entered: (next) => (next.sleep_hours === null ? "nothing for sleep" : `${next.sleep_hours} h of sleep`),
    },
  },
} as const satisfies RegressionType;

const stressForecast = {
  id: "stress_forecast",
  task: "regression",
  scale: { min: 1, max: 10, unit: "points" },
  typicalError: STRESS_TYPICAL_ERROR,
  title: "Tomorrow's stress",
  shortTitle: "Stress",
  answer(p) {
    if (p.score === null) return null;
    const band = p.score <= 3.5 ? "low" : p.score <= 6.5 ? "moderate" : "high";
    return `${band} (about ${p.score.toFixed(1)} of 10)`;
  },
  explain() {
    const { value, unit } = STRESS_TYPICAL_ERROR;
    return `The stress to expect tomorrow on the check-in's 1–10 scale; an estimate from your recent check-ins, usually within about ${value} ${unit}.`;
  },
  whyEffect: () => "tomorrow's stress",
  mainMetric: "mae",
  whyDecimals: 2,
  track: {
    kind: "error",
    outcome: (next) => next.stress,
    // Tomorrow's stress as today's.
    persistence: (today) => today.stress,
  },
} as const satisfies RegressionType;

const energyDip = {
  id: "energy_dip",
  task: "binary",
  labels: ["no", "yes"],
  title: "Energy dip tomorrow",
  shortTitle: "Energy dip",
  answer(p) {
    const yes = positiveProbability(p);
    if (yes === null) return null;
    return `${yes >= 0.5 ? "likely" : "unlikely"} (${formatPercent(yes)})`;
  },
  explain: (p) => `Whether tomorrow's energy will be at least 2 points below today's: ${chanceOfYes(p)}.`,
  whyEffect: () => "the chance of an energy dip",
  mainMetric: "brier",
  whyDecimals: 1,
  track: {
    kind: "hit",
    outcome: (madeFrom, next) => dipClass(madeFrom.energy, next.energy),
    // "Tomorrow like today" for a dip: a dip tomorrow if today was a dip against yesterday. Without a check-in on the
    // calendar day before (or one imported without energy), today's dip is unknown and persistence says nothing (the
    // day is left out of its count).
    persistence: (today, yesterday) => (yesterday === null ? null : dipClass(yesterday.energy, today.energy)),
    words: (cls) => (cls === "yes" ? "a dip" : "no dip"),
    entered: (madeFrom, next, actual) => `energy ${next.energy} after ${madeFrom.energy} (${actual === "yes" ? "a dip" : "no dip"})`,
  },
} as const satisfies ClassifierType;

/**
 * Every prediction type, in display order. The order is also the order of `PREDICTION_TYPES`, of the results after a
 * check-in and of the track record's cards.
 */
export const PREDICTION_TYPE_DESCRIPTORS = {
  mood_tomorrow: moodTomorrow,
  burnout_risk: burnoutRisk,
  sleep_quality: sleepQuality,
  stress_forecast: stressForecast,
  energy_dip: energyDip,
} as const;

export type PredictionType = keyof typeof PREDICTION_TYPE_DESCRIPTORS;

// Each key is its descriptor's id: a typo in either fails to compile here.
const _idsMatchKeys: { [T in PredictionType]: { id: T } } = PREDICTION_TYPE_DESCRIPTORS;
void _idsMatchKeys;

/** The ids, as a non-empty tuple (zod's `z.enum` takes it as is). */
export const PREDICTION_TYPE_IDS = Object.keys(PREDICTION_TYPE_DESCRIPTORS) as [PredictionType, ...PredictionType[]];

/** The descriptor of a known type. */
export function descriptorOf(type: PredictionType): PredictionTypeDescriptor {
  return PREDICTION_TYPE_DESCRIPTORS[type];
}
