export type ModelPhase =
  | "not-loaded"
  /** Waiting for onnxruntime's own bytes (read or downloaded first: the runtime is the longer path). */
  | "starting-runtime"
  | "downloading"
  | "reading-cache"
  | "verifying"
  | "cached"
  | "creating-session"
  | "ready"
  | "error";

export type ModelStatus = {
  name: string;
  phase: ModelPhase;
  loadedBytes: number;
  totalBytes: number;
  cachedBytes: number;
  /** The model's bytes are in persistent storage (IndexedDB) and survive a reload. */
  persisted: boolean;
  error?: string;
  /** Not an error: e.g. "kept in memory only" after a quota failure, or storage unavailable. */
  notice?: string;
};

export function blankStatus(name: string, totalBytes = 0): ModelStatus {
  return { name, phase: "not-loaded", loadedBytes: 0, totalBytes, cachedBytes: 0, persisted: false };
}

/**
 * Per-model status, the `useSyncExternalStore` source of the React hooks (use-model.ts): a stable snapshot array that
 * changes reference only when something changed, and listeners told of every change.
 */
export class StatusStore {
  private readonly map = new Map<string, ModelStatus>();
  private snapshot: ModelStatus[] = [];
  private readonly listeners = new Set<() => void>();

  get(name: string): ModelStatus {
    return this.map.get(name) ?? blankStatus(name);
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  names(): string[] {
    return [...this.map.keys()];
  }

  /** Merges `patch` into the model's status and notifies. */
  set(name: string, patch: Partial<ModelStatus>): void {
    this.map.set(name, { ...this.get(name), ...patch });
    this.emit();
  }

  /** Starts the model's status over (a new or changed version), without notifying: call `emit()` after a batch. */
  reset(name: string, totalBytes: number): void {
    this.map.set(name, blankStatus(name, totalBytes));
  }

  /** Forgets a model (gone from the manifest), without notifying. */
  delete(name: string): void {
    this.map.delete(name);
  }

  all(): ModelStatus[] {
    return this.snapshot;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(): void {
    this.snapshot = [...this.map.values()];
    for (const listener of this.listeners) listener();
  }
}
