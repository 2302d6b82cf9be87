import type { ModelEntry } from "./manifest-schema";

/** What one prediction returns, whatever the task: classifiers fill label + probabilities, regressors fill value. */
export type ModelOutput = { label: number | null; probabilities: number[] | null; value: number | null };

type TensorLike = { data: ArrayLike<number | bigint> | unknown };

/** Maps a batch-1 result of a model with the contract's outputs (`label`, `probabilities`, `variable`) to ModelOutput. */
export function toModelOutput(entry: ModelEntry, results: Record<string, TensorLike | undefined>): ModelOutput {
  const label = results.label?.data as ArrayLike<number | bigint> | undefined;
  const probabilities = results.probabilities?.data as ArrayLike<number> | undefined;
  const variable = results.variable?.data as ArrayLike<number> | undefined;
  if (!label && !probabilities && !variable) {
    throw new Error(`model ${entry.name} returned none of the outputs label, probabilities, variable (got ${Object.keys(results).join(", ")})`);
  }
  return {
    label: label && label.length > 0 ? Number(label[0]) : null,
    probabilities: probabilities ? Array.from(probabilities, Number) : null,
    value: variable && variable.length > 0 ? Number(variable[0]) : null,
  };
}
