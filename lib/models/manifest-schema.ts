import "@/lib/validation/zod-no-eval";
import { z } from "zod";
import { PREDICTION_TYPES } from "@/lib/domain/prediction";

/**
 * public/models/manifest.json: the single source of truth for the bundled models. Written by `npm run models`,
 * validated here by the pipeline's tests and by the app's model registry before it trusts a single byte.
 */
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "sha256 must be 64 lowercase hex characters");
// Content-hashed so that the file can be served with `Cache-Control: immutable`.
const fileName = z.string().regex(/^[A-Za-z0-9_.-]+\.onnx(\.gz)?$/, "file must be a plain .onnx or .onnx.gz file name");

/**
 * The database's limits on what a prediction row takes from the manifest (supabase/migrations/002_predictions.sql):
 * model_name ≤ 100, model_version ≤ 50, label ≤ 50 characters, 2 to 10 probabilities (one per label). A manifest past
 * them would produce predictions that every sync then fails to store.
 */
export const MANIFEST_LIMITS = {
  nameLength: 100,
  versionLength: 50,
  labelLength: 50,
  labels: { min: 2, max: 10 },
  /** The registry allocates `new Uint8Array(bytes)` up front: 64 MiB is ~25 times today's models, and fits a phone. */
  maxBytes: 64 * 1024 * 1024,
} as const;

const byteCount = z
  .number()
  .int()
  .positive()
  .max(MANIFEST_LIMITS.maxBytes, `bytes must be at most ${MANIFEST_LIMITS.maxBytes} (64 MiB)`);

export const featureSpecSchema = z.object({
  name: z.string().min(1),
  unit: z.string(),
  description: z.string(),
  /** Valid range of the feature; NaN (missing) is always allowed and follows the trees' missing-value branch. */
  min: z.number(),
  max: z.number(),
});

export const tensorSpecSchema = z.object({
  name: z.string().min(1),
  dtype: z.enum(["float32", "int64"]),
  /** -1 marks a dynamic (batch) dimension. */
  shape: z.array(z.number().int()),
});

export const compressedVariantSchema = z.object({
  encoding: z.literal("gzip"),
  file: fileName,
  bytes: byteCount,
  /** Hash of the compressed bytes as served. The decompressed bytes must match the entry's own `sha256`. */
  sha256: sha256Hex,
});

/** The tree file behind "Why?" (lib/explain/tree-file.ts): content-hashed like the model, loaded only on demand. */
const treeFileName = z.string().regex(/^[A-Za-z0-9_.-]+\.trees(\.gz)?$/, "file must be a plain .trees or .trees.gz file name");

export const explainFileSchema = z.object({
  format: z.literal("treeshap-v1"),
  file: treeFileName,
  bytes: byteCount,
  sha256: sha256Hex,
  compressed: compressedVariantSchema.extend({ file: treeFileName }).optional(),
  /**
   * The mean of the shipped model's output over the training population's rows, in output order: binary
   * [mean(1−p), mean(p)], multiclass the mean probability per class, regression [mean value]. "Why?" starts from it,
   * so its first line is what its words claim ("the average person's prediction"). Optional: older manifests lack it.
   */
  mean_output: z.array(z.number()).min(1).optional(),
});

export const modelEntrySchema = z.object({
  name: z.string().regex(/^[a-z0-9_]+$/).max(MANIFEST_LIMITS.nameLength),
  version: z.string().min(1).max(MANIFEST_LIMITS.versionLength),
  prediction_type: z.enum(PREDICTION_TYPES),
  task: z.enum(["multiclass", "binary", "regression"]),
  title: z.string().min(1),
  description: z.string(),
  file: fileName,
  bytes: byteCount,
  sha256: sha256Hex,
  compressed: compressedVariantSchema.optional(),
  input: tensorSpecSchema,
  features: z.array(featureSpecSchema).min(1),
  outputs: z.array(tensorSpecSchema).min(1),
  /** Class labels in output order (classifiers only). */
  labels: z
    .array(z.string().min(1).max(MANIFEST_LIMITS.labelLength))
    .min(MANIFEST_LIMITS.labels.min)
    .max(MANIFEST_LIMITS.labels.max)
    .optional(),
  /** For regression: the unit and range of the predicted value, for display. */
  target: z.object({ unit: z.string(), min: z.number(), max: z.number() }).optional(),
  metrics: z.record(z.string(), z.number()),
  /** Optional: a model without it simply offers no "Why?". */
  explain: explainFileSchema.optional(),
});

export const manifestSchema = z.object({
  schema_version: z.literal(1),
  models: z.array(modelEntrySchema).min(1),
});

export type FeatureSpec = z.infer<typeof featureSpecSchema>;
export type ModelEntry = z.infer<typeof modelEntrySchema>;
export type ExplainFile = z.infer<typeof explainFileSchema>;
export type Manifest = z.infer<typeof manifestSchema>;
