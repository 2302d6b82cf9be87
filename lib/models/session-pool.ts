import type { ModelEntry } from "./manifest-schema";
import type { ModelOutput } from "./model-output";
import type { ModelSession } from "./ort-session";

export interface LoadedModel {
  readonly entry: ModelEntry;
  run(features: Float32Array): Promise<ModelOutput>;
}

/** What a released handle uses to find the current session (loading it again if needed). */
export type Reload = (name: string) => Promise<LoadedModel>;

export class LoadedModelHandle implements LoadedModel {
  released = false;
  constructor(
    readonly entry: ModelEntry,
    private readonly session: ModelSession,
    private readonly reload: Reload,
  ) {}

  async run(features: Float32Array): Promise<ModelOutput> {
    // Released by a new version, a new personal build or "Clear": get the current session (loading it again if needed).
    if (this.released) return (await this.reload(this.entry.name)).run(features);
    return this.session.run(features);
  }
}

type Live = { key: string; entry: ModelEntry; session: ModelSession; handle: LoadedModelHandle; lastUsed: number };

/**
 * The live onnxruntime sessions, one per model name. No memory budget: onnxruntime's wasm heap never shrinks, so
 * releasing a session gives no memory back to the system and would only cost a reload (measured, docs/performance.md
 * "Model registry"); what bounds memory is one session per model, at most the manifest's models and one personal
 * model for each. Released handles keep working by loading again on their next run.
 */
export class SessionPool {
  private readonly live = new Map<string, Live>();

  constructor(private readonly onReleased: (name: string) => void) {}

  /** The live handle, marked as used now; undefined when the model holds no session. */
  use(name: string, now: number): LoadedModelHandle | undefined {
    const live = this.live.get(name);
    if (!live) return undefined;
    live.lastUsed = now;
    return live.handle;
  }

  has(name: string): boolean {
    return this.live.has(name);
  }

  /** Cache key of the model's live session, if any. */
  keyOf(name: string): string | undefined {
    return this.live.get(name)?.key;
  }

  names(): string[] {
    return [...this.live.keys()];
  }

  /**
   * Makes `session` the model's live one. A session already live for the same version is kept and the new one released
   * (two loads that raced); one of another version is released first — never overwritten, which would leak it.
   */
  add(key: string, entry: ModelEntry, session: ModelSession, now: number, reload: Reload): LoadedModelHandle {
    const existing = this.live.get(entry.name);
    if (existing?.key === key) {
      void session.release().catch(() => undefined);
      existing.lastUsed = now;
      return existing.handle;
    }
    if (existing) this.release(entry.name);
    const handle = new LoadedModelHandle(entry, session, reload);
    this.live.set(entry.name, { key, entry, session, handle, lastUsed: now });
    return handle;
  }

  release(name: string): void {
    const live = this.live.get(name);
    if (!live) return;
    this.live.delete(name);
    live.handle.released = true;
    // Queued behind the session's pending runs: released once unused.
    void live.session.release().catch(() => undefined);
    this.onReleased(name);
  }
}
