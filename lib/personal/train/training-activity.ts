import type { PersonalType } from "@/lib/personal/types";

/**
 * What this page's trainer is doing, for the Models page ("training…") and for anything that shows a build's result
 * (told when a run ends). A tiny store of its own so that the UI can subscribe without importing the trainer.
 */
type Snapshot = {
  training: readonly PersonalType[];
  /** Why the last run could not build a type (its message), for the types it failed on. */
  failed: Partial<Record<PersonalType, string>>;
  runs: number;
};

let snapshot: Snapshot = { training: [], failed: {}, runs: 0 };
const listeners = new Set<() => void>();

function emit(next: Snapshot): void {
  snapshot = next;
  for (const l of listeners) l();
}

export const trainingActivity = {
  get: (): Snapshot => snapshot,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  setTraining(type: PersonalType, training: boolean): void {
    const rest = snapshot.training.filter((t) => t !== type);
    emit({ ...snapshot, training: training ? [...rest, type] : rest });
  },
  /** A run finished (whatever it stored): readers refresh. */
  finished(failed: Partial<Record<PersonalType, string>>): void {
    emit({ training: [], failed, runs: snapshot.runs + 1 });
  },
};
