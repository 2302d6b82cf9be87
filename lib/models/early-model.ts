import type { EarlyEvaluator } from "./early-evaluator";
import type { ModelEntry } from "./manifest-schema";
import type { ModelOutput } from "./model-output";
import { outputDifference } from "./output-parity";
import type { LoadedModel } from "./session-pool";

/** An early prediction that onnxruntime, once started, computed differently: a bug in the evaluator, never expected. */
export class EarlyPredictionMismatchError extends Error {
  override name = "EarlyPredictionMismatchError";
  constructor(readonly modelName: string, detail: string) {
    super(`Model "${modelName}": the prediction made while onnxruntime was starting differs from onnxruntime's (${detail}); onnxruntime's replaces it. Please report this.`);
  }
}

/** onnxruntime's verdict on one early output. */
export type ParityCheck =
  | { status: "confirmed" }
  /** onnxruntime's output differs beyond float32 rounding: it replaces the early one. */
  | { status: "replaced"; output: ModelOutput; error: EarlyPredictionMismatchError }
  /** onnxruntime could not run (it failed to start, say): the early output stands, unchecked. */
  | { status: "unconfirmed"; error: Error };

/**
 * A model served by the early evaluator while onnxruntime starts: the same verified bytes, evaluated exactly as
 * onnxruntime does (tree-ensemble-eval.ts). onnxruntime keeps starting; `confirm` re-runs a row on its session once it
 * is up and compares — the live parity check. Every later Save gets the onnxruntime session itself.
 */
export class EarlyModel implements LoadedModel {
  readonly early = true;

  constructor(
    readonly entry: ModelEntry,
    private readonly key: string,
    private readonly evaluator: EarlyEvaluator,
    private readonly session: Promise<LoadedModel>,
  ) {}

  run(features: Float32Array): Promise<ModelOutput> {
    return this.evaluator.run(this.key, features);
  }

  /** onnxruntime's check of `output`, which this model gave for `features`: once its session is up. */
  async confirm(features: Float32Array, output: ModelOutput): Promise<ParityCheck> {
    let actual: ModelOutput;
    try {
      actual = await (await this.session).run(features);
    } catch (error) {
      return { status: "unconfirmed", error: error instanceof Error ? error : new Error(String(error)) };
    }
    const difference = outputDifference(output, actual);
    return difference === null ? { status: "confirmed" } : { status: "replaced", output: actual, error: new EarlyPredictionMismatchError(this.entry.name, difference) };
  }
}

export function isEarlyModel(model: LoadedModel): model is EarlyModel {
  return model instanceof EarlyModel;
}
