import { env } from "@/lib/env";

export class SupabaseNotConfiguredError extends Error {
  override name = "SupabaseNotConfiguredError";
  constructor() {
    super(
      "Supabase is not configured: set NEXT_PUBLIC_SUPABASE_URL and NEXT_PUBLIC_SUPABASE_ANON_KEY in .env.local " +
        "(or stay in local mode, which needs neither).",
    );
  }
}

/** The project URL and anon key, or a named error in local mode (callers check `env.mode` first). */
export function supabaseConfig(): { url: string; anonKey: string } {
  if (env.mode !== "supabase") throw new SupabaseNotConfiguredError();
  return { url: env.supabaseUrl, anonKey: env.supabaseAnonKey };
}
