import type { ModelOutput } from "./model-output";

/** Messages between the page and lib/models/early-eval.worker.ts. */
export type EarlyEvalRequest =
  /** Parse a model's verified ONNX bytes and keep it under `key` (the registry's cache key). */
  | { id: number; kind: "load"; key: string; bytes: Uint8Array }
  /** One row through a loaded model. */
  | { id: number; kind: "run"; key: string; features: Float32Array };

export type EarlyEvalResponse =
  | { id: number; ok: true; output?: ModelOutput; /** Load: ms spent parsing, in the worker. */ ms?: number }
  | { id: number; ok: false; /** The model holds something the evaluator refuses (UnsupportedTreeModelError). */ unsupported: boolean; message: string };
