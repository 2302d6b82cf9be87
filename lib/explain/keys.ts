export const explainKeys = {
  all: ["explain"] as const,
  /** One explanation per stored prediction and tree file (a new model version explains afresh). */
  prediction: (predictionId: string, treeSha256: string) => ["explain", predictionId, treeSha256] as const,
};
