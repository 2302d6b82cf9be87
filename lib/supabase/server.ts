import { createServerClient } from "@supabase/ssr";
import type { SupabaseClient } from "@supabase/supabase-js";
import { cookies } from "next/headers";
import { type AuthResponseHeaders, authCookieOptions } from "@/lib/supabase/cookie-options";
import type { Database } from "@/lib/supabase/database.types";
import { supabaseConfig } from "@/lib/supabase/supabase-config";

export type ServerClientOptions = {
  /**
   * Receives the headers @supabase/ssr sends with auth cookies (`Cache-Control: private, no-store…`, `Expires`,
   * `Pragma`). A Route Handler that signs someone in must put them on its response: Next's cookies() API carries the
   * cookies, but nothing carries headers, and a CDN that caches a response with Set-Cookie hands one person's session
   * to the next visitor.
   */
  onResponseHeaders?: (headers: AuthResponseHeaders) => void;
};

/**
 * A Supabase client for Server Components and Route Handlers. Don't put this client in a global variable: it carries
 * one request's cookies (one user's session), so a new one is made per request.
 */
export async function createClient(options: ServerClientOptions = {}): Promise<SupabaseClient<Database>> {
  const { url, anonKey } = supabaseConfig();
  const cookieStore = await cookies();
  return createServerClient<Database>(url, anonKey, {
    cookieOptions: authCookieOptions(),
    cookies: {
      getAll() {
        return cookieStore.getAll();
      },
      setAll(cookiesToSet, headers) {
        try {
          for (const { name, value, options } of cookiesToSet) cookieStore.set(name, value, options);
        } catch {
          // Called from a Server Component, where cookies are read-only. proxy.ts refreshes the session instead.
          return;
        }
        options.onResponseHeaders?.(headers);
      },
    },
  });
}

/** Copies the headers collected by `onResponseHeaders` onto a response. */
export function applyResponseHeaders(response: { headers: Headers }, headers: AuthResponseHeaders): void {
  for (const [key, value] of Object.entries(headers)) response.headers.set(key, value);
}
