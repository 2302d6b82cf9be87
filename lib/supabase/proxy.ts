import { createServerClient } from "@supabase/ssr";
import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/lib/env";
import { authCookieOptions } from "@/lib/supabase/cookie-options";
import type { Database } from "@/lib/supabase/database.types";

/**
 * A page load or form submission, as opposed to a fetch the page makes (Next's RSC navigations and prefetches).
 * Browsers send `Sec-Fetch-Mode: navigate` only for the former.
 */
function isNavigation(request: NextRequest): boolean {
  return request.headers.get("sec-fetch-mode") === "navigate";
}

/** How @supabase/ssr removes a cookie: an empty value that expires at once. */
function isDeletion(cookie: { value: string; options?: { maxAge?: number } }): boolean {
  return cookie.value === "" || cookie.options?.maxAge === 0;
}

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
        // A session Auth no longer knows (signed out) is removed from the request, so this render is signed out; the
        // response removes the browser's cookies only on a navigation. A fetch the page made with the old cookies can
        // be answered after the browser has stored a newer session: signing in with another account's email link signs
        // the old one out, then submits the form whose answer sets the new cookies, while a prefetch made with the old
        // cookies is still on its way back, and its removal would sign the new account out (seen in the browser test
        // of that switch on a loaded machine). A dead session's cookies are harmless; the browser client drops them.
        if (!isNavigation(request) && cookiesToSet.every(isDeletion)) return;
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
