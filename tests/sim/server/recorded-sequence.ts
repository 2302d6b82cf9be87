import { ANON_KEY, decodeJwt, signJwt } from "@/tests/stack/jwt";
import type { ModelRequest } from "./rest-model";
import { JwtRefusal, roleOf } from "./postgrest-jwt";

/**
 * A request sequence as a JSON file: what the simulation records and tests/db/differential.test.ts replays against
 * the model and the real stack. Tokens are not stored (they expire, and the simulation signs them on its virtual
 * clock): `auth` says whose token it was, and the replay signs a fresh one with the stack's secret at send time.
 */
export type RecordedAuth =
  | { kind: "none" }
  /** The anon key as the bearer (supabase-js sends it when nobody is signed in). */
  | { kind: "anon-key" }
  /**
   * A user's access token, signed at send time. iat, exp and nbf are seconds relative to the send time (default: iat
   * 0, exp 3600, no nbf), so a token recorded 10 s after its expiry replays 10 s after its expiry.
   */
  | { kind: "user"; sub: string; iat?: number; exp?: number; nbf?: number }
  /** Sent verbatim (garbage, a bad signature). */
  | { kind: "raw"; token: string };

export type RecordedRequest = {
  method: "GET" | "POST";
  /** /rest/v1/… with the query string, exactly as sent. */
  path: string;
  auth: RecordedAuth;
  /** false: sent without the apikey header. */
  apikey?: boolean;
  /** The body text, exactly as sent. */
  body?: string;
};

/**
 * What happens on the server outside the API, as the table owner: a check-in deleted (say, in the dashboard: its
 * tombstone reaches the user's devices) or an account deleted (every row goes by ON DELETE CASCADE).
 */
export type RecordedAdminStep = { admin: "delete-check-in"; id: string } | { admin: "delete-user"; user: string };

export type RecordedSequence = {
  name: string;
  /** auth.users rows to create (and, on replay, to delete first with all their rows). */
  users: string[];
  requests: (RecordedRequest | RecordedAdminStep)[];
};

/** The headers and body a recorded request is sent with at `nowMs` (tokens signed with `secret`). */
export function materialize(request: RecordedRequest, nowMs: number, secret?: string): { headers: Record<string, string>; body: string | null } {
  const headers: Record<string, string> = {};
  if (request.apikey !== false) headers.apikey = ANON_KEY;
  if (request.method === "POST") headers["content-type"] = "application/json";
  const iat = Math.floor(nowMs / 1000);
  const { auth } = request;
  if (auth.kind === "anon-key") headers.authorization = `Bearer ${ANON_KEY}`;
  else if (auth.kind === "raw") headers.authorization = `Bearer ${auth.token}`;
  else if (auth.kind === "user") {
    const times = { iat: iat + (auth.iat ?? 0), exp: iat + (auth.exp ?? 3600), ...(auth.nbf === undefined ? {} : { nbf: iat + auth.nbf }) };
    headers.authorization = `Bearer ${signJwt({ aud: "authenticated", role: "authenticated", sub: auth.sub, ...times, session_id: "replay", is_anonymous: false }, secret)}`;
  }
  return { headers, body: request.body ?? null };
}

/**
 * What the simulation calls for each request it sends to the model, to record it: the token becomes whose it was
 * (checked as the model checks it at `nowMs`), everything else is kept as sent.
 */
export function recordRequest(request: ModelRequest, secret: string, nowMs: number): RecordedRequest {
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const url = new URL(request.url, "http://model.invalid");
  const method = request.method === "GET" ? "GET" : "POST";
  const recorded: RecordedRequest = { method, path: url.pathname + url.search, auth: { kind: "none" } };
  if (headers.apikey === undefined) recorded.apikey = false;
  if (request.body !== null) recorded.body = request.body;
  const authorization = headers.authorization;
  if (authorization === undefined) return recorded;
  const token = authorization.replace(/^Bearer /i, "");
  if (token === ANON_KEY) return { ...recorded, auth: { kind: "anon-key" } };
  try {
    roleOf(authorization, secret, nowMs);
  } catch (error) {
    if (!(error instanceof JwtRefusal)) throw error;
    // Refused for its times only: still the user's token, replayed with the same times relative to the send.
    if (!["JWT expired", "JWTIssuedAtFuture", "JWTNotYetValid"].includes(error.message)) return { ...recorded, auth: { kind: "raw", token } };
  }
  const claims = decodeJwt(token) ?? {};
  if (claims.role !== "authenticated" || typeof claims.sub !== "string") return { ...recorded, auth: { kind: "raw", token } };
  const nowSeconds = Math.floor(nowMs / 1000);
  const relative = (name: "iat" | "exp" | "nbf") => (typeof claims[name] === "number" ? { [name]: (claims[name] as number) - nowSeconds } : {});
  return { ...recorded, auth: { kind: "user", sub: claims.sub, iat: 0, exp: 3600, ...relative("iat"), ...relative("exp"), ...relative("nbf") } };
}
