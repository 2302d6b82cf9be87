import { randomUUID } from "node:crypto";
import type pg from "pg";
import { AuthStore, AuthStoreError, type PkceChallenge, type StoredUser } from "./auth-store";
import { BadRequestError, json, type StackResponse } from "./http";
import { JwtError, signJwt, verifyJwt, type JwtClaims } from "./jwt";

/**
 * Auth imitation: the endpoints of Supabase Auth (GoTrue) that @supabase/auth-js 2.x calls, shaped as GoTrue answers
 * them, so the app's real auth code runs unchanged. It is an imitation, not GoTrue: no email, no MFA, no OAuth.
 * PostgREST, PostgreSQL and RLS behind the gateway are real; the tokens this signs are what they check.
 *
 * Users also get a row in auth.users of the test database, because our tables reference it. The imitation keeps its
 * users in memory (tests/stack/auth-store.ts), beside those rows: auth.users decides who exists. Before each request
 * it forgets a user whose row is gone (public.delete_my_account deletes it), so their refresh token, password and
 * access token then fail as with GoTrue, whose sessions and refresh tokens go with the row by ON DELETE CASCADE.
 */
export type AuthSettings = { accessTokenTtlSeconds: number; autoconfirm: boolean };

/** GoTrue's API version header: with it, auth-js reads the error code from `code` (else from `error_code`). */
const API_VERSION = { "x-supabase-api-version": "2024-01-01" };

export class AuthImitation {
  readonly store = new AuthStore();
  readonly settings: AuthSettings = { accessTokenTtlSeconds: 3600, autoconfirm: true };

  constructor(
    private readonly pool: pg.Pool,
    private readonly secret: string,
  ) {}

  /** Adds a user (auth.users row + password); `confirmed: false` leaves them to confirm by /verify. */
  async createUser(email: string, password: string, options: { confirmed?: boolean } = {}): Promise<StoredUser> {
    if (this.store.hasUser(email)) throw new AuthStoreError("user_already_exists", "User already registered");
    const id = randomUUID();
    await this.pool.query("insert into auth.users (id, email) values ($1, $2)", [id, email.toLowerCase()]);
    return this.store.addUser(id, email, password, options.confirmed ?? true);
  }

  /**
   * Whether the user still has a row in auth.users. GoTrue reads that table for every grant; our
   * `delete_my_account()` deletes from it, and this store must not keep a deleted user signing in.
   */
  private async stillExists(userId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query("select 1 from auth.users where id = $1", [userId]);
    return (rowCount ?? 0) > 0;
  }

  /** Ends every session of a user, so their refresh tokens answer refresh_token_not_found. */
  revoke(userId: string): number {
    return this.store.endSessions(userId, "global");
  }

  async handle(method: string, path: string, query: URLSearchParams, headers: Record<string, string | string[] | undefined>, body: Record<string, unknown>): Promise<StackResponse> {
    try {
      await this.forgetDeletedUsers();
      const result = await this.route(method, path, query, headers, body);
      return { ...result, headers: { ...API_VERSION, ...result.headers } };
    } catch (error) {
      if (error instanceof AuthStoreError) return authError(error.code === "otp_expired" ? 403 : 400, error.code, error.message);
      if (error instanceof BadRequestError) return authError(400, "validation_failed", error.message);
      throw error;
    }
  }

  private async route(method: string, path: string, query: URLSearchParams, headers: Record<string, string | string[] | undefined>, body: Record<string, unknown>): Promise<StackResponse> {
    const bearer = typeof headers.authorization === "string" ? headers.authorization.replace(/^Bearer /i, "") : "";
    switch (`${method} ${path}`) {
      case "POST /token":
        return this.token(query.get("grant_type"), body);
      case "POST /signup":
        return this.signup(body);
      case "POST /verify":
        return this.verify(String(body.type ?? ""), String(body.token_hash ?? body.token ?? ""));
      case "GET /verify":
        return this.verifyRedirect(query);
      case "GET /user": {
        const auth = this.authenticate(bearer);
        if (!auth.ok) return auth.response;
        const user = this.store.userById(String(auth.claims.sub));
        if (user && !(await this.stillExists(user.id))) return authError(403, "user_not_found", "User from sub claim in JWT does not exist");
        return user ? json(200, userJson(user)) : authError(403, "user_not_found", "User from sub claim in JWT does not exist");
      }
      case "POST /logout": {
        const auth = this.authenticate(bearer);
        if (!auth.ok) return auth.response;
        const { claims } = auth;
        const scope = query.get("scope") ?? "global";
        if (scope !== "global" && scope !== "local" && scope !== "others") return authError(400, "validation_failed", `unknown scope ${scope}`);
        this.store.endSessions(String(claims.sub), scope, String(claims.session_id));
        return json(204);
      }
      case "GET /settings":
        return json(200, { external: { email: true }, disable_signup: false, mailer_autoconfirm: this.settings.autoconfirm });
      case "GET /.well-known/jwks.json":
        // HS256 keys are symmetric and never published; auth-js's getClaims() then falls back to GET /user.
        return json(200, { keys: [] });
      default:
        return authError(404, "not_found", `The Auth imitation does not serve ${method} /auth/v1${path}`);
    }
  }

  private async token(grantType: string | null, body: Record<string, unknown>): Promise<StackResponse> {
    if (grantType === "password") {
      const user = this.store.checkPassword(String(body.email ?? ""), String(body.password ?? ""));
      if (!(await this.stillExists(user.id))) throw new AuthStoreError("invalid_credentials", "Invalid login credentials");
      return json(200, this.session(user, this.store.startSession(user.id)));
    }
    if (grantType === "pkce") {
      // exchangeCodeForSession: the code from the email link, and the verifier the browser kept in a cookie.
      const user = this.store.redeemAuthCode(String(body.auth_code ?? ""), String(body.code_verifier ?? ""));
      return json(200, this.session(user, this.store.startSession(user.id)));
    }
    if (grantType === "refresh_token") {
      const rotated = this.store.rotate(String(body.refresh_token ?? ""));
      const user = this.store.userById(rotated.userId);
      if (user === undefined || !(await this.stillExists(user.id))) throw new AuthStoreError("refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
      return json(200, this.session(user, rotated));
    }
    return authError(400, "unsupported_grant_type", `grant_type ${String(grantType)} is not served by the Auth imitation`);
  }

  private async signup(body: Record<string, unknown>): Promise<StackResponse> {
    const email = String(body.email ?? "");
    const password = String(body.password ?? "");
    if (!email.includes("@")) return authError(400, "validation_failed", "Unable to validate email address: invalid format");
    // supabase/config.toml: minimum_password_length = 10, password_requirements = "letters_digits" (GoTrue's wording).
    if ([...password].length < 10) return authError(422, "weak_password", "Password should be at least 10 characters.");
    if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) {
      return authError(422, "weak_password", "Password should contain at least one character of each: abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ, 0123456789.");
    }
    const user = await this.createUser(email, password, { confirmed: this.settings.autoconfirm });
    if (this.settings.autoconfirm) return json(200, this.session(user, this.store.startSession(user.id)));
    this.store.issueConfirmation(email, pkceOf(body));
    // GoTrue answers an unconfirmed sign-up with the user alone (no session) and sends the email.
    return json(200, { ...userJson(user), confirmation_sent_at: new Date().toISOString() });
  }

  private verify(type: string, tokenHash: string): StackResponse {
    if (type !== "signup" && type !== "email" && type !== "magiclink") return authError(400, "validation_failed", `verify type ${type} is not served by the Auth imitation`);
    const user = this.store.confirm(tokenHash);
    return json(200, this.session(user, this.store.startSession(user.id)));
  }

  /**
   * The link in a confirmation email: GoTrue redirects to redirect_to with the session in the URL fragment (implicit
   * flow) or, when the sign-up sent a PKCE challenge, with `?code=` for exchangeCodeForSession.
   */
  private verifyRedirect(query: URLSearchParams): StackResponse {
    const redirectTo = query.get("redirect_to") ?? "http://localhost:3000/";
    const tokenHash = query.get("token") ?? query.get("token_hash") ?? "";
    const pkce = this.store.challengeOf(tokenHash);
    try {
      if (pkce) {
        const user = this.store.confirm(tokenHash);
        const target = new URL(redirectTo);
        target.searchParams.set("code", this.store.issueAuthCode(user.id, pkce));
        return { status: 303, headers: { location: target.toString() } };
      }
      const session = this.verify(query.get("type") ?? "", query.get("token") ?? query.get("token_hash") ?? "").body as Record<string, unknown>;
      const fragment = new URLSearchParams(Object.entries(session).filter(([k]) => k !== "user").map(([k, v]) => [k, String(v)]));
      return { status: 303, headers: { location: `${redirectTo}#${fragment}` } };
    } catch (error) {
      if (!(error instanceof AuthStoreError)) throw error;
      return { status: 303, headers: { location: `${redirectTo}#error=access_denied&error_code=${error.code}&error_description=${encodeURIComponent(error.message)}` } };
    }
  }

  /** Users the store knows whose auth.users row was deleted (one query, by the ids the store holds). */
  private async forgetDeletedUsers(): Promise<void> {
    const known = this.store.userIds();
    if (known.length === 0) return;
    const { rows } = await this.pool.query<{ id: string }>("select k.id::text as id from unnest($1::uuid[]) k(id) where not exists (select 1 from auth.users u where u.id = k.id)", [known]);
    for (const { id } of rows) this.store.forgetUser(id);
  }

  /** Verifies an access token as GoTrue does for /user and /logout: 403 bad_jwt, or session_not_found after logout. */
  private authenticate(token: string): { ok: true; claims: JwtClaims } | { ok: false; response: StackResponse } {
    const refuse = (response: StackResponse) => ({ ok: false as const, response });
    if (token === "") return refuse(authError(401, "no_authorization", "This endpoint requires a Bearer token"));
    let claims: JwtClaims;
    try {
      claims = verifyJwt(token, this.secret);
    } catch (error) {
      if (!(error instanceof JwtError)) throw error;
      return refuse(authError(403, "bad_jwt", `invalid JWT: unable to parse or verify signature, ${error.message}`));
    }
    if (typeof claims.session_id !== "string" || !this.store.isSessionActive(claims.session_id)) {
      return refuse(authError(403, "session_not_found", "Session from session_id claim in JWT does not exist"));
    }
    return { ok: true, claims };
  }

  private session(user: StoredUser, session: { sessionId: string; refreshToken: string }) {
    const iat = Math.floor(Date.now() / 1000);
    const ttl = this.settings.accessTokenTtlSeconds;
    const accessToken = signJwt(
      { aud: "authenticated", role: "authenticated", sub: user.id, email: user.email, exp: iat + ttl, iat, session_id: session.sessionId, aal: "aal1", is_anonymous: false, iss: "supabase" },
      this.secret,
    );
    return { access_token: accessToken, token_type: "bearer", expires_in: ttl, expires_at: iat + ttl, refresh_token: session.refreshToken, user: userJson(user) };
  }
}

/** GoTrue's error body, readable by every auth-js 2.x: `code` (with the API version header), `error_code`, `msg`. */
function authError(status: number, code: string, message: string): StackResponse {
  return json(status, { code, error_code: code, msg: message, message }, API_VERSION);
}

/** The PKCE challenge auth-js sends with a sign-up (flowType "pkce", @supabase/ssr's default), if any. */
function pkceOf(body: Record<string, unknown>): PkceChallenge | undefined {
  if (typeof body.code_challenge !== "string" || body.code_challenge === "") return undefined;
  return { challenge: body.code_challenge, method: String(body.code_challenge_method ?? "s256").toLowerCase() === "plain" ? "plain" : "s256" };
}

function userJson(user: StoredUser) {
  return {
    id: user.id,
    aud: "authenticated",
    role: "authenticated",
    email: user.email,
    email_confirmed_at: user.confirmedAt ?? undefined,
    confirmed_at: user.confirmedAt ?? undefined,
    phone: "",
    last_sign_in_at: user.lastSignInAt ?? undefined,
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: {},
    identities: [],
    created_at: user.createdAt,
    updated_at: user.createdAt,
    is_anonymous: false,
  };
}
