import type { BenchRows } from "./rows";

/**
 * What the sync benchmark drives: one person's devices on one engine, through the stack's gateway. An adapter per
 * engine: issue 18's `SyncEngine` (engine-new.ts); the engine before it was timed by the same harness at commit
 * 486996e (its adapter, engine-today.ts, left with that engine).
 */
export type BenchEngine = {
  readonly name: string;
  /** Puts the rows in a fresh device's local store, queued, as that many saves would (not timed). */
  seedQueue(rows: BenchRows): Promise<void>;
  /** Sends the whole queue (timed). Throws if anything is left unsent. */
  push(): Promise<void>;
  /** A new device's first pull of the person's whole history (timed); resolves with its local check-ins count. */
  pullFresh(): Promise<number>;
  close(): Promise<void>;
  /**
   * Wall time spent inside the engine's fetch calls since the last reset (the gateway, PostgREST and PostgreSQL, and
   * the wire); the rest of a phase is the device's own work (IndexedDB, JSON, the engine). Null: not measured.
   */
  readonly network: { ms: number; calls: number } | null;
};

export type BenchEngineContext = { url: string; anonKey: string; userId: string; email: string; password: string };

export class BenchEngineError extends Error {
  override name = "BenchEngineError";
}
