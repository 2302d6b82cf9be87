import { createServerClient } from "@supabase/ssr";
import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/lib/env";
import { authCookieOptions } from "@/lib/supabase/cookie-options";
import type { Database } from "@/lib/supabase/database.types";

/**
 * Refreshes the Supabase session on every matched request and writes the new cookies to both the request (for the
 * page being rendered) and the response (for the browser). In local mode there is no session: pass straight through.
 */
export async function updateSession(request: NextRequest): Promise<NextResponse> {
  if (env.mode !== "supabase") return NextResponse.next({ request });
  let response = NextResponse.next({ request });
  // A new client per request: it holds this request's cookies.
  const supabase = createServerClient<Database>(env.supabaseUrl, env.supabaseAnonKey, {
    cookieOptions: authCookieOptions(),
    cookies: {
      getAll() {
        return request.cookies.getAll();
      },
      setAll(cookiesToSet, headers) {
        for (const { name, value } of cookiesToSet) request.cookies.set(name, value);
        response = NextResponse.next({ request });
        for (const { name, value, options } of cookiesToSet) response.cookies.set(name, value, options);
        // `Cache-Control: private, no-store…`, `Expires`, `Pragma`: a response carrying someone's refreshed tokens must
        // never be cached by a CDN or proxy and handed to the next visitor.
        for (const [key, value] of Object.entries(headers)) response.headers.set(key, value);
      },
    },
  });
  // Don't run code between createServerClient and getClaims(): it is what refreshes an expired token.
  // A failure (Supabase unreachable) must not take the page down; the browser client retries on its own.
  try {
    await supabase.auth.getClaims();
  } catch {
    // Keep the page working; the user simply looks signed out to the server for this request.
  }
  return response;
}
