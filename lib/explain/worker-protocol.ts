/** Messages between the page and lib/explain/treeshap.worker.ts. */
export type WorkerRequest = {
  id: number;
  /** Tree file key (name@version#sha256). */
  key: string;
  /** The verified tree file, sent the first time this key is used (the worker keeps the decoded forest). */
  bytes?: Uint8Array;
  /** Float32 feature rows to explain, nFeatures each. */
  rows: Float32Array[];
};

export type WorkerExplanation = { contributions: Float64Array; expectedValue: Float64Array; rawScore: Float64Array };

export type WorkerResponse =
  | { id: number; ok: true; explanations: WorkerExplanation[]; /** Time spent in TreeSHAP, in the worker. */ ms: number }
  | { id: number; ok: false; missingForest: boolean; message: string };
