import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";

/**
 * The proxy (lib/supabase/proxy.ts) refreshes an expiring session and writes the new cookies. @supabase/ssr hands
 * `setAll` the headers that must go with them — `Cache-Control: private, no-store…`, `Expires: 0`, `Pragma: no-cache` —
 * so that no CDN caches one person's tokens for the next visitor; and in production the cookies must be Secure.
 * Supabase Auth is a fetch stub here; the browser test (e2e/supabase-auth-confirm.spec.ts) does the same for real.
 */
const URL_ = "http://127.0.0.1:54321";
const b64url = (s: string) => Buffer.from(s).toString("base64url");
const jwt = (exp: number) =>
  `${b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${b64url(JSON.stringify({ sub: "u1", role: "authenticated", aud: "authenticated", exp, session_id: "s1" }))}.sig`;
const user = { id: "u1", aud: "authenticated", role: "authenticated", email: "a@example.com", app_metadata: {}, user_metadata: {}, created_at: "2026-01-01T00:00:00Z" };
const session = (exp: number, refresh: string) => ({ access_token: jwt(exp), refresh_token: refresh, token_type: "bearer", expires_in: exp - Math.floor(Date.now() / 1000), expires_at: exp, user });

async function refreshThroughProxy(nodeEnv: string) {
  vi.resetModules();
  vi.stubEnv("NODE_ENV", nodeEnv);
  vi.stubEnv("NEXT_PUBLIC_SUPABASE_URL", URL_);
  vi.stubEnv("NEXT_PUBLIC_SUPABASE_ANON_KEY", "anon-key");
  const now = Math.floor(Date.now() / 1000);
  // supabase-js's realtime client insists on a WebSocket at construction (Node 20 has none); it is never opened here.
  if (!("WebSocket" in globalThis)) vi.stubGlobal("WebSocket", class {});
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.includes("/token?grant_type=refresh_token")) return Response.json(session(now + 3600, "r2"));
      if (url.endsWith("/auth/v1/user")) return Response.json(user);
      if (url.includes("/.well-known/jwks.json")) return Response.json({ keys: [] });
      return new Response("not stubbed", { status: 404 });
    }),
  );
  const { updateSession } = await import("@/lib/supabase/proxy");
  const cookie = `sb-127-auth-token=base64-${b64url(JSON.stringify(session(now + 10, "r1")))}`;
  return updateSession(new NextRequest("http://localhost:3000/history", { headers: { cookie } }));
}

describe("proxy: a refreshed session's response", () => {
  beforeEach(() => vi.unstubAllEnvs());
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
  });

  it("carries @supabase/ssr's no-cache headers with the new cookies", async () => {
    const response = await refreshThroughProxy("production");
    expect(response.headers.getSetCookie().some((c) => c.startsWith("sb-127-auth-token="))).toBe(true);
    expect(response.headers.get("cache-control")).toMatch(/private/);
    expect(response.headers.get("cache-control")).toMatch(/no-store/);
    expect(response.headers.get("expires")).toBe("0");
    expect(response.headers.get("pragma")).toBe("no-cache");
  });

  it("marks the auth cookies Secure in production, and not in development (http://localhost)", async () => {
    const production = await refreshThroughProxy("production");
    const cookies = production.headers.getSetCookie().filter((c) => c.startsWith("sb-"));
    expect(cookies.length).toBeGreaterThan(0);
    for (const c of cookies) expect(c).toMatch(/;\s*Secure/i);
    const development = await refreshThroughProxy("development");
    for (const c of development.headers.getSetCookie().filter((c) => c.startsWith("sb-"))) expect(c).not.toMatch(/;\s*Secure/i);
  });
});
