import type { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { contentSecurityPolicy } from "@/lib/security/content-security-policy";
import { loadScriptHashes } from "@/lib/security/script-hashes";

let policy: string | undefined;

function pagePolicy(): string {
  if (policy !== undefined) return policy;
  const development = process.env.NODE_ENV === "development";
  policy = contentSecurityPolicy({
    // `next dev` renders every page per request: there is no prerendered HTML to hash (see PolicyOptions.development).
    scriptHashes: development ? [] : loadScriptHashes(),
    supabaseOrigin: env.mode === "supabase" ? new URL(env.supabaseUrl).origin : undefined,
    development,
  });
  return policy;
}

/**
 * Puts the page policy (with the build's inline-script hashes) on a proxy response. It replaces the hash-less policy
 * next.config.ts gives every response: Next applies the config's headers first and the proxy's after, under the same
 * lower-case name. The service worker precaches pages with this header, so offline copies run under the same policy.
 */
export function withContentSecurityPolicy(response: NextResponse): NextResponse {
  response.headers.set("content-security-policy", pagePolicy());
  return response;
}
