/**
 * What a failed request to Supabase means for the queue:
 * - `transient`: the network, the gateway or the database is having a moment (no response, 408, 425, 429, 5xx, or a
 *   404 from a missing table while migrations are being applied). Retry later with backoff; the entry stays pending.
 * - `auth`: the access token was refused (401). Nothing is wrong with the entry; push again after a refresh or sign-in.
 * - `duplicate`: the row is already there (409 / 23505). For ids made in the browser that is success, not an error.
 * - `rejected`: the server will never accept this entry as it is (400 CHECK/encoding errors, 403 RLS, 409 foreign key,
 *   413, 422…). It goes to the person's Needs attention list; the rest of the queue goes on.
 */
export type FailureKind = "transient" | "auth" | "duplicate" | "rejected";

export type SupabaseFailure = { kind: FailureKind; status: number; code: string | null; message: string };

export function classifyFailure(status: number, error: { code?: string | null; message?: string | null }): SupabaseFailure {
  const code = error.code ? String(error.code) : null;
  const message = error.message || `HTTP ${status}`;
  const kind = ((): FailureKind => {
    if (status === 0) return "transient";
    if (status === 409 && code === "23505") return "duplicate";
    if (status === 401) return "auth";
    if (status === 408 || status === 425 || status === 429 || status >= 500 || status === 404) return "transient";
    if (status >= 400) return "rejected";
    return "transient";
  })();
  return { kind, status, code, message };
}

/** A failure carried as an exception through the push and pull code. */
export class SupabaseSyncError extends Error {
  override name = "SupabaseSyncError";
  constructor(
    readonly failure: SupabaseFailure,
    what: string,
  ) {
    super(`${what}: ${failure.message}${failure.code ? ` (${failure.code})` : ""}`);
  }
}
