import type { EmailOtpType } from "@supabase/supabase-js";
import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/lib/env";
import type { AuthResponseHeaders } from "@/lib/supabase/cookie-options";
import { sameOriginNext } from "@/lib/supabase/safe-next";
import { applyResponseHeaders, createClient } from "@/lib/supabase/server";

const OTP_TYPES: readonly EmailOtpType[] = ["signup", "invite", "magiclink", "recovery", "email_change", "email"];
const isOtpType = (t: string | null): t is EmailOtpType => t !== null && (OTP_TYPES as readonly string[]).includes(t);

/**
 * The link in Supabase's confirmation / magic-link emails. Two shapes arrive here:
 * - `?code=…` — the PKCE flow (@supabase/ssr's default) with Supabase's default email template: GoTrue's /verify
 *   redirects here with an auth code, redeemed with the code verifier the browser kept in a cookie at sign-up;
 * - `?token_hash=…&type=…` — the template Supabase recommends for server-side auth, verified directly.
 * Then on to `next`, only if it stays on this origin (lib/supabase/safe-next.ts).
 */
export async function GET(request: NextRequest) {
  const { searchParams } = request.nextUrl;
  const code = searchParams.get("code");
  const tokenHash = searchParams.get("token_hash");
  const type = searchParams.get("type");
  const next = sameOriginNext(searchParams.get("next"), request.url);

  const headers: AuthResponseHeaders = {};
  if (env.mode === "supabase" && (code || (tokenHash && isOtpType(type)))) {
    const supabase = await createClient({ onResponseHeaders: (h) => Object.assign(headers, h) });
    const { error } = code
      ? await supabase.auth.exchangeCodeForSession(code)
      : await supabase.auth.verifyOtp({ type: type as EmailOtpType, token_hash: tokenHash! });
    if (!error) {
      const response = NextResponse.redirect(next);
      applyResponseHeaders(response, headers);
      return response;
    }
  }
  const failed = new URL("/sign-in", request.url);
  failed.searchParams.set("error", "The confirmation link is invalid or has expired. Sign in, or sign up again.");
  const response = NextResponse.redirect(failed);
  applyResponseHeaders(response, headers);
  return response;
}
