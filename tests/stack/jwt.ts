import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * HS256 JSON Web Tokens with node:crypto, as Supabase signs them with the project's JWT secret. Test stack only.
 *
 * The secret and the anon key are fixed (not random per run) because the anon key is baked into the Next.js build
 * (NEXT_PUBLIC_SUPABASE_ANON_KEY) before the stack starts; a per-run secret would make that build's key invalid.
 */
export const STACK_JWT_SECRET = "check-in-test-stack-jwt-secret-not-for-production-use";

export type JwtClaims = Record<string, unknown> & { exp?: number; iat?: number; sub?: string; role?: string };

export class JwtError extends Error {
  override name = "JwtError";
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function signature(input: string, secret: string): Buffer {
  return createHmac("sha256", secret).update(input).digest();
}

export function signJwt(claims: JwtClaims, secret: string = STACK_JWT_SECRET): string {
  const input = `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}`;
  return `${input}.${signature(input, secret).toString("base64url")}`;
}

/** The claims of a token without checking anything: for logging who made a request, never for deciding access. */
export function decodeJwt(token: string): JwtClaims | null {
  const payload = token.split(".")[1];
  if (payload === undefined) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString());
    return typeof claims === "object" && claims !== null ? (claims as JwtClaims) : null;
  } catch {
    return null;
  }
}

/** Checks the HS256 signature and `exp`; throws JwtError saying which check failed. */
export function verifyJwt(token: string, secret: string = STACK_JWT_SECRET, now = Math.floor(Date.now() / 1000)): JwtClaims {
  const [header, payload, sig] = token.split(".");
  if (header === undefined || payload === undefined || sig === undefined) throw new JwtError("not a JWT (expected three dot-separated parts)");
  const alg = (decodeJwt(`x.${header}`) ?? {}).alg;
  if (alg !== "HS256") throw new JwtError(`unsupported alg ${String(alg)}; the stack signs HS256 only`);
  const expected = signature(`${header}.${payload}`, secret);
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new JwtError("invalid signature");
  const claims = decodeJwt(token);
  if (claims === null) throw new JwtError("payload is not a JSON object");
  if (typeof claims.exp === "number" && claims.exp <= now) throw new JwtError("token has expired");
  return claims;
}

/** 2026-01-01T00:00:00Z and 2100-01-01T00:00:00Z: fixed so the key is the same in every build and run. */
const ANON_IAT = 1767225600;
const ANON_EXP = 4102444800;

/** The anon key for the stack (what NEXT_PUBLIC_SUPABASE_ANON_KEY holds in a Supabase-mode test build). */
export const ANON_KEY = signJwt({ role: "anon", iss: "supabase", iat: ANON_IAT, exp: ANON_EXP });

/** A service_role key, for tests that must act as the backend (it bypasses RLS). */
export const SERVICE_ROLE_KEY = signJwt({ role: "service_role", iss: "supabase", iat: ANON_IAT, exp: ANON_EXP });
