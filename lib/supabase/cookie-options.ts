import type { CookieOptionsWithName } from "@supabase/ssr";

/**
 * Options for the auth cookies, shared by the browser client, the server client and the proxy so that all three
 * write the same cookie. `Secure` in production builds: the session's tokens must never travel over plain HTTP.
 * Browsers treat http://localhost and http://127.0.0.1 as secure, so `next start` still works locally; a production
 * build served over plain HTTP on a LAN address will not keep anyone signed in (use `npm run dev` there).
 */
export function authCookieOptions(nodeEnv: string | undefined = process.env.NODE_ENV): CookieOptionsWithName {
  return { path: "/", sameSite: "lax", secure: nodeEnv === "production" };
}

/** The headers @supabase/ssr hands `setAll` with auth cookies (no caching of a response that carries a session). */
export type AuthResponseHeaders = Record<string, string>;
