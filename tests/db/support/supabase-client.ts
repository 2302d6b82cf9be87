import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import type { Database } from "@/lib/supabase/database.types";

/**
 * Realtime is never used by these queries, but supabase-js builds its realtime client eagerly and Node 20 has no global
 * WebSocket; this placeholder satisfies the constructor check and fails loudly if anything ever tries to connect.
 */
class NoRealtime {
  constructor() {
    throw new Error("Realtime is not available in tests (the test stack serves /rest/v1 and /auth/v1 only).");
  }
}

/**
 * A real supabase-js client for the test stack at `url` (tests/stack). With `accessToken` it sends that token and never
 * touches Auth; without, it signs in through the stack's Auth imitation like the app does (no session persisted, no
 * background refresh, so a test decides when tokens change). `fetch` lets a test watch or re-issue its requests.
 */
export function stackClient(
  url: string,
  anonKey: string,
  options: { accessToken?: string; fetch?: typeof globalThis.fetch } = {},
): SupabaseClient<Database> {
  return createClient<Database>(url, anonKey, {
    ...(options.fetch ? { global: { fetch: options.fetch } } : {}),
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: NoRealtime as never },
    ...(options.accessToken === undefined ? {} : { accessToken: async () => options.accessToken! }),
  });
}

/**
 * A real supabase-js client whose HTTP goes to `fetch` (a test's stub), optionally with `accessToken`; for unit tests
 * that check the requests a query makes without any server.
 */
export function clientWithFetch(fetch: typeof globalThis.fetch, accessToken?: string): SupabaseClient<Database> {
  return stackClient("http://127.0.0.1:54321", "anon-key", { fetch, accessToken });
}
