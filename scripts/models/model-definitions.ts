import type { Task } from "@/tools/training/gbm/ensemble";
import type { TreeParams } from "@/tools/training/gbm/grow-tree";
import type { ModelEntry } from "@/lib/models/manifest-schema";
import type { TargetName } from "./dataset";

/**
 * The one metric each model is judged by against its baselines (docs/models.md, "Baselines"): mean absolute error for
 * the regressions (what "usually within about …" tells a person), Brier score for the binary chances (a proper score
 * that a 0/1 rule can also be given), accuracy for the mood class (what the track record counts).
 */
export type MainMetric = "mae" | "brier" | "accuracy";
export const MAIN_METRIC_DIRECTION: Record<MainMetric, "lower" | "higher"> = { mae: "lower", brier: "lower", accuracy: "higher" };

export type ModelDefinition = {
  name: string;
  version: string;
  prediction_type: ModelEntry["prediction_type"];
  task: Task;
  title: string;
  description: string;
  target: TargetName;
  labels?: string[];
  targetSpec?: { unit: string; min: number; max: number };
  mainMetric: MainMetric;
  training: TreeParams & { rounds: number; learningRate: number; maxBins: number; baggingFraction: number };
};

/**
 * Shared tree shape. 31 leaves and about a thousand trees per model, with a small learning rate, put each file at
 * 2-3 MB — the size class of the LightGBM models this app replaces, so that lazy loading, caching and progress are
 * exercised for real.
 */
const TREES: TreeParams & { maxBins: number; baggingFraction: number } = {
  maxLeaves: 31,
  maxDepth: 10,
  minDataInLeaf: 40,
  minSumHessian: 1e-3,
  lambdaL2: 1,
  minGainToSplit: 0,
  maxBins: 64,
  baggingFraction: 0.8,
};

/**
 * For the four single-output models: a smaller learning rate and a stronger L2 penalty on leaf values than the shared
 * 0.02 / 1. Chosen by held-out Brier / MAE on the calibration people (fit on the other training people, Platt-scaled
 * on half the calibration people, scored on the other half), never on the test people: 1-3.5% lower error, because
 * per-person sensitivities make one person's days a noisy guide to another's and the faster rate overfitted them.
 * The mood model keeps 0.02: at its 360 rounds a slower rate lost log loss and calibration there.
 */
const SLOW = { learningRate: 0.007, lambdaL2: 5 } as const;

export const MODEL_DEFINITIONS: readonly ModelDefinition[] = [
  {
    name: "lgbm_multiclass_v1",
    version: "1.0.0",
    prediction_type: "mood_tomorrow",
    task: "multiclass",
    title: "Tomorrow's mood",
    description: "Whether tomorrow's mood is likely low (1-4), steady (5-7) or high (8-10).",
    target: "moodClass",
    mainMetric: "accuracy",
    labels: ["low", "steady", "high"],
    training: { ...TREES, rounds: 360, learningRate: 0.02 },
  },
  {
    name: "lgbm_burnout_v1",
    version: "1.0.0",
    prediction_type: "burnout_risk",
    task: "binary",
    title: "Burnout risk",
    description: "The chance of at least one burnout day (sustained overload) in the coming 7 days.",
    target: "burnout",
    mainMetric: "brier",
    labels: ["no", "yes"],
    training: { ...TREES, ...SLOW, rounds: 1050 },
  },
  {
    name: "lgbm_sleep_quality_v1",
    version: "1.0.0",
    prediction_type: "sleep_quality",
    task: "regression",
    title: "Sleep quality tonight",
    description: "Expected quality of tonight's sleep on a 0-100 scale.",
    target: "sleepQuality",
    mainMetric: "mae",
    targetSpec: { unit: "score 0-100", min: 0, max: 100 },
    training: { ...TREES, ...SLOW, rounds: 1050 },
  },
  {
    name: "lgbm_stress_forecast_v1",
    version: "1.0.0",
    prediction_type: "stress_forecast",
    task: "regression",
    title: "Tomorrow's stress",
    description: "Expected stress level tomorrow on the check-in's 1-10 scale.",
    target: "stressTomorrow",
    mainMetric: "mae",
    targetSpec: { unit: "score 1-10", min: 1, max: 10 },
    training: { ...TREES, ...SLOW, rounds: 1050 },
  },
  {
    name: "lgbm_energy_dip_v1",
    version: "1.0.0",
    prediction_type: "energy_dip",
    task: "binary",
    title: "Energy dip tomorrow",
    description: "The chance that tomorrow's energy is at least 2 points below today's.",
    target: "energyDip",
    mainMetric: "brier",
    labels: ["no", "yes"],
    training: { ...TREES, ...SLOW, rounds: 1050 },
  },
];
