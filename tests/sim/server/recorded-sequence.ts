import { ANON_KEY, signJwt } from "@/tests/stack/jwt";
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
  /** A user's access token; `expired`: one that expired an hour before the request. */
  | { kind: "user"; sub: string; expired?: boolean }
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

export type RecordedSequence = {
  name: string;
  /** auth.users rows to create (and, on replay, to delete first with all their rows). */
  users: string[];
  requests: RecordedRequest[];
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
    const [issued, expires] = auth.expired ? [iat - 7200, iat - 3600] : [iat, iat + 3600];
    headers.authorization = `Bearer ${signJwt({ aud: "authenticated", role: "authenticated", sub: auth.sub, iat: issued, exp: expires, session_id: "replay", is_anonymous: false }, secret)}`;
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
    const role = roleOf(authorization, secret, nowMs);
    return { ...recorded, auth: role.sub !== null ? { kind: "user", sub: role.sub } : { kind: "raw", token } };
  } catch (error) {
    if (!(error instanceof JwtRefusal)) throw error;
    const sub = error.message === "JWT expired" ? JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).sub : undefined;
    return { ...recorded, auth: typeof sub === "string" ? { kind: "user", sub, expired: true } : { kind: "raw", token } };
  }
}
