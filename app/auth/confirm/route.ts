import type { EmailOtpType } from "@supabase/supabase-js";
import { type NextRequest, NextResponse } from "next/server";
import { isSameOriginRequest } from "@/lib/auth/same-origin-request";
import type { SignInErrorCode } from "@/lib/auth/sign-in-errors";
import { env } from "@/lib/env";
import type { AuthResponseHeaders } from "@/lib/supabase/cookie-options";
import { sameOriginNext } from "@/lib/supabase/safe-next";
import { applyResponseHeaders, createClient } from "@/lib/supabase/server";

const OTP_TYPES: readonly EmailOtpType[] = ["signup", "invite", "magiclink", "recovery", "email_change", "email"];
const isOtpType = (t: string | null): t is EmailOtpType => t !== null && (OTP_TYPES as readonly string[]).includes(t);

/** The page that names the link's account and asks before signing in (app/auth/link). */
const LINK_PAGE = "/auth/link";

function toSignIn(request: NextRequest, code: SignInErrorCode, headers: AuthResponseHeaders = {}): NextResponse {
  const failed = new URL("/sign-in", request.url);
  // A code, never a sentence: /sign-in shows only its own fixed wording (lib/auth/sign-in-errors.ts).
  failed.searchParams.set("error", code);
  const response = NextResponse.redirect(failed, 303);
  applyResponseHeaders(response, headers);
  return response;
}

/**
 * The link in Supabase's confirmation / magic-link emails. Two shapes arrive here:
 * - `?code=…` — the PKCE flow (@supabase/ssr's default) with Supabase's default email template: GoTrue's /verify
 *   redirects here with an auth code, redeemed with the code verifier the browser kept in a cookie at sign-up. Only the
 *   browser that asked can redeem it, so it signs in at once;
 * - `?token_hash=…&type=…&email=…` — the template this app asks for (docs/security.md, "Email links"). Anyone can
 *   send anyone such a link, so a GET never signs in with it (login CSRF: an attacker mails their own link, and the
 *   victim's next check-ins sync into the attacker's account). It goes on to a page that names the account and signs
 *   in only on a button, by POST (below).
 * Then on to `next`, only if it stays on this origin (lib/supabase/safe-next.ts).
 */
export async function GET(request: NextRequest) {
  const { searchParams } = request.nextUrl;
  if (env.mode !== "supabase") return toSignIn(request, "not_configured");
  const code = searchParams.get("code");
  if (!code) {
    const ask = new URL(LINK_PAGE, request.url);
    for (const key of ["token_hash", "type", "email", "next"]) {
      const value = searchParams.get(key);
      if (value !== null) ask.searchParams.set(key, value);
    }
    return NextResponse.redirect(ask, 303);
  }
  const headers: AuthResponseHeaders = {};
  const supabase = await createClient({ onResponseHeaders: (h) => Object.assign(headers, h) });
  const { error } = await supabase.auth.exchangeCodeForSession(code);
  if (error) return toSignIn(request, "link_invalid", headers);
  const response = NextResponse.redirect(sameOriginNext(searchParams.get("next"), request.url));
  applyResponseHeaders(response, headers);
  return response;
}

/**
 * The button on /auth/link: verifies the token hash and signs in. Refused outright unless the request comes from a
 * page of this origin (lib/auth/same-origin-request.ts): a form on another site could otherwise post an attacker's
 * token hash here and sign the victim in as the attacker, which is the attack the page exists to stop.
 * The link's `email` is what the page showed; the account the token belongs to must be that one, or the new session
 * is ended at once (an attacker's link relabelled with the victim's address).
 */
export async function POST(request: NextRequest) {
  if (!isSameOriginRequest(request.headers, request.url)) {
    return new NextResponse("Refused: this sign-in did not come from a page of this app.", { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  if (env.mode !== "supabase") return toSignIn(request, "not_configured");
  const form = await request.formData().catch(() => null);
  const field = (name: string) => {
    const value = form?.get(name);
    return typeof value === "string" ? value : null;
  };
  const tokenHash = field("token_hash");
  const type = field("type");
  const email = field("email");
  if (!tokenHash || !isOtpType(type)) return toSignIn(request, "link_invalid");
  if (!email) return toSignIn(request, "link_incomplete");

  const headers: AuthResponseHeaders = {};
  const supabase = await createClient({ onResponseHeaders: (h) => Object.assign(headers, h) });
  const { data, error } = await supabase.auth.verifyOtp({ type, token_hash: tokenHash });
  if (error || !data.session) return toSignIn(request, "link_invalid", headers);
  if ((data.user?.email ?? "").toLowerCase() !== email.trim().toLowerCase()) {
    // Not the account the page named: end the session just made (server and cookies) and sign nobody in.
    await supabase.auth.signOut({ scope: "local" });
    return toSignIn(request, "link_account_mismatch", headers);
  }
  // 303: the browser follows with a GET, so a reload of the next page never posts the token again.
  const response = NextResponse.redirect(sameOriginNext(field("next"), request.url), 303);
  applyResponseHeaders(response, headers);
  return response;
}
