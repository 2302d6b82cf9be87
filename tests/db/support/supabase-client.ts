import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import type { Database } from "@/lib/supabase/database.types";

/**
 * Realtime is never used by these queries, but supabase-js builds its realtime client eagerly and Node 20 has no global
 * WebSocket; this placeholder satisfies the constructor check and fails loudly if anything ever tries to connect.
 */
class NoRealtime {
  constructor() {
    throw new Error("Realtime is not available in tests (mocked PostgREST only serves /rest/v1).");
  }
}

/** A real supabase-js client whose HTTP goes to `fetch` (a mocked PostgREST), optionally signed in with `accessToken`. */
export function clientWithFetch(fetch: typeof globalThis.fetch, accessToken?: string): SupabaseClient<Database> {
  return createClient<Database>("http://127.0.0.1:54321", "anon-key", {
    global: { fetch },
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: NoRealtime as never },
    ...(accessToken === undefined ? {} : { accessToken: async () => accessToken }),
  });
}
