import type { SupabaseClient } from "@supabase/supabase-js";
import type { Database } from "@/lib/supabase/database.types";

/** The browser's Supabase client, imported on first use so that local mode ships no supabase-js. */
export function loadSupabaseClient(): Promise<SupabaseClient<Database>> {
  return import("@/lib/supabase/client").then((m) => m.createClient());
}
