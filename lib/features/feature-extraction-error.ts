/** Thrown for input the models cannot read; the message names the field and what to fix. */
export class FeatureExtractionError extends Error {
  override name = "FeatureExtractionError";
}
