import type { BenchRows } from "./rows";

/**
 * What the sync benchmark drives: one person's devices on one engine, through the stack's gateway. An adapter per
 * engine (today's `pushQueue`/`pullRows`, issue 18's `SyncEngine`), so the same harness times both.
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
};

export type BenchEngineContext = { url: string; anonKey: string; userId: string; email: string; password: string };

export class BenchEngineError extends Error {
  override name = "BenchEngineError";
}

/** A session for the person, from the stack's Auth (password grant): what a sign-in gives the app. */
export async function signInForBench(ctx: BenchEngineContext): Promise<{ access_token: string; refresh_token: string; expires_in: number; expires_at: number; token_type: string; user: { id: string } }> {
  const response = await fetch(`${ctx.url}/auth/v1/token?grant_type=password`, {
    method: "POST",
    headers: { apikey: ctx.anonKey, "content-type": "application/json" },
    body: JSON.stringify({ email: ctx.email, password: ctx.password }),
  });
  if (!response.ok) throw new BenchEngineError(`sign-in for the benchmark answered ${response.status}: ${await response.text()}`);
  return response.json() as Promise<Awaited<ReturnType<typeof signInForBench>>>;
}
