import { createBrowserClient } from "@supabase/ssr";
import type { SupabaseClient } from "@supabase/supabase-js";
import { authCookieOptions } from "@/lib/supabase/cookie-options";
import type { Database } from "@/lib/supabase/database.types";
import { supabaseConfig } from "@/lib/supabase/supabase-config";

/**
 * The browser's Supabase client, typed with the generated `Database`. createBrowserClient keeps one instance per page,
 * and stores the session in cookies so the server client and proxy.ts see the same user.
 */
export function createClient(): SupabaseClient<Database> {
  const { url, anonKey } = supabaseConfig();
  // No timer-driven refreshes: auth-js decides by the device's clock, and a clock hours fast refreshed every tick. The
  // sync engine refreshes when a token's lifetime is over by elapsed time (lib/data/sync/token-source.ts).
  return createBrowserClient<Database>(url, anonKey, { cookieOptions: authCookieOptions(), auth: { autoRefreshToken: false } });
}
