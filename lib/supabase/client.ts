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
  return createBrowserClient<Database>(url, anonKey, { cookieOptions: authCookieOptions() });
}
