import { PREDICTION_TYPE_DESCRIPTORS } from "@/lib/domain/prediction-types";
import type { PredictionType } from "@/lib/domain/prediction";
import type { ModelEntry } from "@/lib/models/manifest-schema";

/**
 * What a model's test-data numbers say against the trivial rules it must beat (docs/models.md, "Baselines"), in words,
 * straight from its manifest `metrics`: `<metric>` beside `persistence_<metric>` and `linear_<metric>`. Nothing here is
 * hard-coded per model, so a retrained model that stops beating a rule says so without a code change.
 */

/** The metrics a comparison may be stated in, and which way is better. */
const METRICS = {
  accuracy: { words: "Accuracy", better: "higher" },
  brier: { words: "Brier score", better: "lower" },
  mae: { words: "Mean absolute error", better: "lower" },
  rmse: { words: "Root mean squared error", better: "lower" },
  log_loss: { words: "Log loss", better: "lower" },
  auc: { words: "AUC", better: "higher" },
} as const;

type MetricName = keyof typeof METRICS;

const BASELINES = [
  { key: "persistence", words: "assuming tomorrow is like today" },
  { key: "linear", words: "a simple linear model on the same inputs" },
] as const;

export type BaselineComparison = {
  metric: MetricName;
  model: number;
  /** The rules present in the metrics; `beaten`: the model is strictly better (a tie is not). */
  baselines: { key: (typeof BASELINES)[number]["key"]; words: string; value: number; beaten: boolean }[];
};

/**
 * The model against its baselines on its main metric (the descriptor's `mainMetric`); when the manifest has no
 * baseline for that one (an older manifest), on the first other metric that has one. Null when there is none at all.
 */
export function compareWithBaselines(entry: Pick<ModelEntry, "prediction_type" | "metrics">): BaselineComparison | null {
  const main = PREDICTION_TYPE_DESCRIPTORS[entry.prediction_type].mainMetric;
  const order = [main, ...(Object.keys(METRICS) as MetricName[]).filter((m) => m !== main)];
  for (const metric of order) {
    const model = entry.metrics[metric];
    if (typeof model !== "number" || !Number.isFinite(model)) continue;
    const lowerIsBetter = METRICS[metric].better === "lower";
    const baselines = BASELINES.flatMap(({ key, words }) => {
      const value = entry.metrics[`${key}_${metric}`];
      if (typeof value !== "number" || !Number.isFinite(value)) return [];
      return [{ key, words, value, beaten: lowerIsBetter ? model < value : model > value }];
    });
    if (baselines.length > 0) return { metric, model, baselines };
  }
  return null;
}

export type BaselineText = {
  /** "On test data this model was no better than assuming tomorrow is like today." or "… did better than …". */
  verdict: string;
  /** The numbers behind it, each beside its baseline. */
  figures: string;
  /** For styling: whether the model beat every baseline stated. */
  beatsAll: boolean;
};

/** The comparison in plain words, for a prediction's details; null when the manifest holds no baseline. */
export function describeBaselines(entry: Pick<ModelEntry, "prediction_type" | "metrics">): BaselineText | null {
  const c = compareWithBaselines(entry);
  if (!c) return null;
  const lost = c.baselines.filter((b) => !b.beaten);
  const verdict =
    lost.length > 0
      ? `On test data this model was no better than ${lost.map((b) => b.words).join(", nor than ")}.`
      : `On test data this model did better than ${c.baselines.map((b) => b.words).join(" and than ")}.`;
  const { words, better } = METRICS[c.metric];
  const decimals = decimalsFor([c.model, ...c.baselines.map((b) => b.value)]);
  const figures = `${words} on test data (${better} is better): this model ${c.model.toFixed(decimals)}; ${c.baselines
    .map((b) => `${b.words} ${b.value.toFixed(decimals)}`)
    .join("; ")}.`;
  return { verdict, figures, beatsAll: lost.length === 0 };
}

/**
 * One number of decimals for a whole line, enough for three significant digits of its smallest number: the
 * differences a verdict rests on are small (Brier scores 0.0401 against 0.0421), and rounding them away would show a
 * "better" beside equal numbers.
 */
function decimalsFor(values: readonly number[]): number {
  const smallest = Math.min(...values.map((v) => Math.abs(v)).filter((v) => v > 0));
  if (!Number.isFinite(smallest)) return 2;
  return Math.min(6, Math.max(1, 2 - Math.floor(Math.log10(smallest))));
}

/**
 * Per binary type, how often its target came in the training data (`metrics.prevalence`): the base rate the track
 * record scores beside persistence. The first model listed for a type counts, as in the registry.
 */
export function trainingBaseRates(models: readonly Pick<ModelEntry, "prediction_type" | "task" | "metrics">[]): Partial<Record<PredictionType, number>> {
  const rates: Partial<Record<PredictionType, number>> = {};
  for (const m of models) {
    const rate = m.metrics.prevalence;
    if (m.task !== "binary" || m.prediction_type in rates || typeof rate !== "number" || !(rate >= 0 && rate <= 1)) continue;
    rates[m.prediction_type] = rate;
  }
  return rates;
}
