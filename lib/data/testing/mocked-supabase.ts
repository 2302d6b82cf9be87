import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import type { Database } from "@/lib/supabase/database.types";

/** For tests only (mocked PostgREST/Auth): a real supabase-js client whose requests go to `fetch` instead of a server. */
export const MOCK_SUPABASE_URL = "https://project-ref.supabase.co";

class NoWebSocket {
  constructor() {
    throw new Error("Realtime is not used by the app; Node 20 has no WebSocket anyway.");
  }
}

export function mockedSupabaseClient(fetch: typeof globalThis.fetch): SupabaseClient<Database> {
  return createClient<Database, "public">(MOCK_SUPABASE_URL, "anon-key", {
    global: { fetch },
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: NoWebSocket as never },
  }) as unknown as SupabaseClient<Database>;
}
