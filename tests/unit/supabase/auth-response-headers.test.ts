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

/** Auth as the proxy meets it: a session it refreshes, or one signed out meanwhile (Auth knows neither token). */
type AuthState = "live" | "signed-out";

async function throughProxy(nodeEnv: string, auth: AuthState, headers: Record<string, string> = {}) {
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
      if (auth === "signed-out" && url.includes("/token?grant_type=refresh_token")) {
        return Response.json({ code: 400, error_code: "refresh_token_not_found", msg: "Invalid Refresh Token: Refresh Token Not Found" }, { status: 400 });
      }
      if (auth === "signed-out" && url.endsWith("/auth/v1/user")) {
        return Response.json({ code: 403, error_code: "session_not_found", msg: "Session from session_id claim in JWT does not exist" }, { status: 403 });
      }
      if (url.includes("/token?grant_type=refresh_token")) return Response.json(session(now + 3600, "r2"));
      if (url.endsWith("/auth/v1/user")) return Response.json(user);
      if (url.includes("/.well-known/jwks.json")) return Response.json({ keys: [] });
      return new Response("not stubbed", { status: 404 });
    }),
  );
  const { updateSession } = await import("@/lib/supabase/proxy");
  const cookie = `sb-127-auth-token=base64-${b64url(JSON.stringify(session(now + 10, "r1")))}`;
  return updateSession(new NextRequest("http://localhost:3000/history", { headers: { cookie, ...headers } }));
}

const refreshThroughProxy = (nodeEnv: string) => throughProxy(nodeEnv, "live");
const removals = (response: Response) => response.headers.getSetCookie().filter((c) => /^sb-[^=]+=;/.test(c) && /Max-Age=0/i.test(c));

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

describe("proxy: a session signed out meanwhile", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
  });

  it("is removed from the browser by a navigation", async () => {
    const response = await throughProxy("production", "signed-out", { "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" });
    expect(removals(response).length).toBeGreaterThan(0);
  });

  // A prefetch made with the old account's cookies, answered after the browser stored another account's session (an
  // email link's sign-in): removing "the" cookie then signs the new account out (e2e/supabase-auth-confirm.spec.ts).
  it("is not removed by the answer to a fetch the page made (RSC prefetch), which may arrive after a newer sign-in", async () => {
    const response = await throughProxy("production", "signed-out", { rsc: "1", "next-router-prefetch": "1", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" });
    expect(response.headers.getSetCookie().filter((c) => c.startsWith("sb-"))).toEqual([]);
  });

  it("is still refreshed by a fetch while Auth knows it (the new tokens must reach the browser)", async () => {
    const response = await throughProxy("production", "live", { rsc: "1", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" });
    expect(response.headers.getSetCookie().some((c) => /^sb-127-auth-token=base64-/.test(c))).toBe(true);
  });
});
