import type { ModelEntry } from "@/lib/models/manifest-schema";
import type { ModelOutput } from "@/lib/models/registry";

export class UnusableModelOutputError extends Error {
  override name = "UnusableModelOutputError";
}

/** What gets stored for one model run: the `predictions` row's label, score and probabilities. */
export type PredictionSummary = { label: string | null; score: number; probabilities: number[] | null };

/**
 * Turns a raw model output into the stored form.
 * Classifiers: label = the most probable class, score = its probability, probabilities = all of them (model order).
 * Regressions: label = null, score = the value clamped to the manifest's target range (the database's meaning).
 */
export function summarizeOutput(entry: ModelEntry, output: ModelOutput): PredictionSummary {
  if (entry.task === "regression") {
    if (output.value === null || !Number.isFinite(output.value)) {
      throw new UnusableModelOutputError(`${entry.name} returned no value; clear its cache on the Models page and retry.`);
    }
    const value = entry.target ? Math.min(entry.target.max, Math.max(entry.target.min, output.value)) : output.value;
    return { label: null, score: round(value, 2), probabilities: null };
  }
  const probabilities = output.probabilities;
  if (!probabilities || probabilities.length === 0 || probabilities.some((p) => !Number.isFinite(p))) {
    throw new UnusableModelOutputError(`${entry.name} returned no probabilities; clear its cache on the Models page and retry.`);
  }
  let best = 0;
  for (let i = 1; i < probabilities.length; i++) if ((probabilities[i] ?? 0) > (probabilities[best] ?? 0)) best = i;
  const label = entry.labels?.[best] ?? String(best);
  return { label, score: round(probabilities[best] ?? 0, 4), probabilities: probabilities.map((p) => round(p, 4)) };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
