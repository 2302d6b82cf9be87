import type { ModelEntry } from "@/lib/models/manifest-schema";
import type { PersonalBuild, PersonalCheckIn } from "@/lib/personal/types";

/** Messages between the page and lib/personal/worker/personal-train.worker.ts. */
export type TrainRequest = {
  id: number;
  entry: ModelEntry;
  /** The generic model's verified tree file (transferred). */
  treeFile: Uint8Array;
  checkIns: PersonalCheckIn[];
  timeZone: string;
};

export type TrainResponse =
  | { id: number; ok: true; build: PersonalBuild; /** Time spent in buildPersonalModel, in the worker. */ ms: number }
  | { id: number; ok: false; message: string };
