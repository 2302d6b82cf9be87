import { createHmac, timingSafeEqual } from "node:crypto";
import { ModelUnsupportedError, PgError } from "./pg-error";

/**
 * How PostgREST 12.0.2 turns the Authorization header into a role (its jose-based JWT check): no header → the anon
 * role; a token → verified (HS256 with the project's secret) and its claims checked with PostgREST's 30-second clock
 * skew allowance, else 401 PGRST301 with jose's words. The messages are the ones PostgREST sends, seen in the
 * differential test.
 */
export type RequestRole = { role: "anon"; sub: null } | { role: "authenticated"; sub: string | null };

/** PostgREST's allowed clock skew for exp, nbf and iat (hard-coded in 12.x). */
export const JWT_SKEW_SECONDS = 30;

export class JwtRefusal extends PgError {
  override name = "JwtRefusal";
  /** PostgREST's WWW-Authenticate answer for a refused token. */
  wwwAuthenticate(): string {
    return `Bearer error="invalid_token", error_description="${this.message.replace(/"/g, '\\"')}"`;
  }
}

const refuse = (message: string) => new JwtRefusal("PGRST301", message);

function decodePart(part: string): Record<string, unknown> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The role and user of a request; throws JwtRefusal as PostgREST refuses the token. `nowMs`: the server's clock. */
export function roleOf(authorization: string | undefined, secret: string, nowMs: number): RequestRole {
  if (authorization === undefined) return { role: "anon", sub: null };
  const match = /^Bearer (.*)$/i.exec(authorization);
  if (match === null) throw new ModelUnsupportedError(`Authorization header not of the form "Bearer <token>": ${authorization.slice(0, 20)}…`);
  const token = match[1]!;
  const parts = token.split(".");
  if (parts.length !== 3) throw refuse(`JWSError (CompactDecodeError Invalid number of parts: Expected 3 parts; got ${parts.length})`);
  const [header, payload, signature] = parts as [string, string, string];
  const headerJson = decodePart(header);
  if (headerJson === null || decodePart(payload) === null) {
    if (!/^[A-Za-z0-9_-]*$/.test(header) || !/^[A-Za-z0-9_-]*$/.test(payload) || header.length % 4 === 1 || payload.length % 4 === 1) throw refuse('JWSError (JSONDecodeError "Not valid base64url")');
    throw new ModelUnsupportedError("a token whose parts are base64url but not JSON objects");
  }
  if (headerJson.alg !== "HS256") throw new ModelUnsupportedError(`a token signed with ${String(headerJson.alg)}; the stack signs HS256`);
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refuse("JWSError JWSInvalidSignature");

  const claims = decodePart(payload)!;
  const now = nowMs / 1000;
  const numeric = (name: string) => {
    const value = claims[name];
    if (value === undefined) return undefined;
    if (typeof value !== "number") throw new ModelUnsupportedError(`a token whose ${name} is not a number`);
    return value;
  };
  // jose checks exp, then iat, then nbf; PostgREST words the first as "JWT expired" and shows the others as jose names them.
  const exp = numeric("exp");
  if (exp !== undefined && now > exp + JWT_SKEW_SECONDS) throw refuse("JWT expired");
  const iat = numeric("iat");
  if (iat !== undefined && iat > now + JWT_SKEW_SECONDS) throw refuse("JWTIssuedAtFuture");
  const nbf = numeric("nbf");
  if (nbf !== undefined && nbf > now + JWT_SKEW_SECONDS) throw refuse("JWTNotYetValid");

  const role = claims.role;
  if (role === undefined || role === "anon") return { role: "anon", sub: null };
  if (role !== "authenticated") throw new ModelUnsupportedError(`role ${String(role)}: the model serves anon and authenticated`);
  return { role: "authenticated", sub: typeof claims.sub === "string" ? claims.sub : null };
}
