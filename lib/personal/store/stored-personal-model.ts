import type { HeldOutScores, PersonalDecision, PersonalType } from "@/lib/personal/types";

/** The generic model a build continued from (or was compared with): a new version makes the build stale. */
export type GenericRef = { name: string; version: string; sha256: string };

/**
 * One person's personal model for one prediction type, as kept in the local store's `personal_models`
 * ([user_id, prediction_type]). It never leaves the device: not synced, not exported, not in any prediction row
 * (a prediction made with it carries only its name and a short hash in `model_version`).
 */
export type StoredPersonalModel = {
  user_id: string;
  prediction_type: PersonalType;
  /** The generic model this build was made against (its tree file continued, its held-out days compared). */
  generic: GenericRef;
  decision: PersonalDecision;
  scoredDays: number;
  heldOut?: HeldOutScores;
  /**
   * The newest local day (days since 1970-01-01) that was scored, i.e. had a check-in on the next day, when this was
   * built: once a newer one exists the person has a new training row and the model is built again. Null: none yet.
   */
  trainedThrough: number | null;
  /** When it was built (ISO), and how long the worker took: shown on the Models page, measured in the bench. */
  builtAt: string;
  trainMs: number;
  /**
   * Only when the gate chose it. Blobs: listing the models for the Models page reads handles, not megabytes; the bytes
   * are read when a session or "Why?" needs them.
   */
  model?: {
    onnx: Blob;
    sha256: string;
    treeFile: Blob;
    treeSha256: string;
    trainedDays: number;
    personalTrees: number;
  };
};
