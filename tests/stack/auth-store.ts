import { createHash, randomBytes, randomUUID, scryptSync, timingSafeEqual } from "node:crypto";

/**
 * The Auth imitation's memory: users' passwords, sessions and refresh tokens. Test stack only — nothing is persisted,
 * a restart forgets everyone. Passwords are scrypt-hashed anyway so that a test log or heap dump never shows them.
 *
 * Refresh tokens rotate like GoTrue's: using one revokes it and issues its child. Re-using a rotated token within
 * `REUSE_INTERVAL_SECONDS` (GoTrue's refresh_token_reuse_interval, 10 in supabase/config.toml) answers with the
 * session's current token instead of failing, because the browser and the Next.js proxy may refresh at the same time.
 */
export const REUSE_INTERVAL_SECONDS = 10;

export type StoredUser = { id: string; email: string; createdAt: string; confirmedAt: string | null; lastSignInAt: string | null };
type Credentials = StoredUser & { salt: Buffer; hash: Buffer };
type RefreshToken = { token: string; userId: string; sessionId: string; revoked: boolean; rotatedAt: number | null; child: string | null };
/** The PKCE challenge a sign-up sent (auth-js's default flow): the link then yields `?code=`, redeemed with the verifier. */
export type PkceChallenge = { challenge: string; method: "s256" | "plain" };

export class AuthStoreError extends Error {
  override name = "AuthStoreError";
  constructor(
    /** GoTrue's error code (what auth-js exposes as `error.code`). */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const hashPassword = (password: string, salt: Buffer) => scryptSync(password, salt, 32);

export class AuthStore {
  private readonly users = new Map<string, Credentials>(); // by email, lower case
  private readonly refreshTokens = new Map<string, RefreshToken>();
  /** Active sessions: session id → user id. Logout and revoke delete from here. */
  private readonly sessions = new Map<string, string>();
  private readonly confirmations = new Map<string, string>(); // token_hash → email
  private readonly challenges = new Map<string, PkceChallenge>(); // token_hash → the sign-up's PKCE challenge
  private readonly authCodes = new Map<string, { userId: string } & PkceChallenge>(); // auth code → user + challenge

  addUser(id: string, email: string, password: string, confirmed: boolean): StoredUser {
    const key = email.toLowerCase();
    if (this.users.has(key)) throw new AuthStoreError("user_already_exists", "User already registered");
    const salt = randomBytes(16);
    const now = new Date().toISOString();
    const user: Credentials = { id, email: key, createdAt: now, confirmedAt: confirmed ? now : null, lastSignInAt: null, salt, hash: hashPassword(password, salt) };
    this.users.set(key, user);
    return publicUser(user);
  }

  hasUser(email: string): boolean {
    return this.users.has(email.toLowerCase());
  }

  /** A one-time token for confirming the email of an unconfirmed user (what the confirmation email would carry). */
  issueConfirmation(email: string, pkce?: PkceChallenge): string {
    const tokenHash = randomBytes(20).toString("hex");
    this.confirmations.set(tokenHash, email.toLowerCase());
    if (pkce) this.challenges.set(tokenHash, pkce);
    return tokenHash;
  }

  /** The PKCE challenge the sign-up behind this confirmation sent, if it used the PKCE flow. */
  challengeOf(tokenHash: string): PkceChallenge | undefined {
    return this.challenges.get(tokenHash);
  }

  /** A one-time auth code (GoTrue's flow state) for a confirmed PKCE sign-up. */
  issueAuthCode(userId: string, pkce: PkceChallenge): string {
    const code = randomUUID();
    this.authCodes.set(code, { userId, ...pkce });
    return code;
  }

  /** Redeems an auth code with the code verifier, as GoTrue's grant_type=pkce does; the code works once. */
  redeemAuthCode(code: string, verifier: string): StoredUser {
    const flow = this.authCodes.get(code);
    if (flow === undefined) throw new AuthStoreError("flow_state_not_found", "invalid flow state, no valid flow state found");
    const expected = flow.method === "s256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
    if (expected !== flow.challenge) throw new AuthStoreError("bad_code_verifier", "code challenge does not match previously saved code verifier");
    this.authCodes.delete(code);
    const user = this.userById(flow.userId);
    if (user === undefined) throw new AuthStoreError("user_not_found", "User not found");
    return user;
  }

  confirmationsFor(email: string): string[] {
    return [...this.confirmations].filter(([, e]) => e === email.toLowerCase()).map(([t]) => t);
  }

  confirm(tokenHash: string): StoredUser {
    const email = this.confirmations.get(tokenHash);
    const user = email === undefined ? undefined : this.users.get(email);
    if (user === undefined) throw new AuthStoreError("otp_expired", "Email link is invalid or has expired");
    this.confirmations.delete(tokenHash);
    this.challenges.delete(tokenHash);
    user.confirmedAt ??= new Date().toISOString();
    return publicUser(user);
  }

  checkPassword(email: string, password: string): StoredUser {
    const user = this.users.get(email.toLowerCase());
    const ok = user !== undefined && timingSafeEqual(hashPassword(password, user.salt), user.hash);
    if (!ok) throw new AuthStoreError("invalid_credentials", "Invalid login credentials");
    if (user.confirmedAt === null) throw new AuthStoreError("email_not_confirmed", "Email not confirmed");
    return publicUser(user);
  }

  userById(id: string): StoredUser | undefined {
    const user = [...this.users.values()].find((u) => u.id === id);
    return user === undefined ? undefined : publicUser(user);
  }

  /** The ids of every user this store knows. */
  userIds(): string[] {
    return [...this.users.values()].map((u) => u.id);
  }

  /**
   * Forgets a user whose account was deleted: their password, sessions, refresh tokens and pending codes, as GoTrue's
   * auth.sessions, auth.refresh_tokens and auth.flow_state rows go with the auth.users row (ON DELETE CASCADE).
   */
  forgetUser(userId: string): void {
    for (const [email, user] of this.users) if (user.id === userId) this.users.delete(email);
    for (const [id, owner] of this.sessions) if (owner === userId) this.sessions.delete(id);
    for (const [token, stored] of this.refreshTokens) if (stored.userId === userId) this.refreshTokens.delete(token);
    for (const [code, flow] of this.authCodes) if (flow.userId === userId) this.authCodes.delete(code);
  }

  /** A new session for a signed-in user, with its first refresh token. */
  startSession(userId: string): { sessionId: string; refreshToken: string } {
    const sessionId = randomUUID();
    this.sessions.set(sessionId, userId);
    const user = [...this.users.values()].find((u) => u.id === userId);
    if (user) user.lastSignInAt = new Date().toISOString();
    return { sessionId, refreshToken: this.issueRefreshToken(userId, sessionId) };
  }

  isSessionActive(sessionId: string): boolean {
    return this.sessions.has(sessionId);
  }

  /** Swaps a refresh token for its child; throws AuthStoreError with GoTrue's code when it cannot be used. */
  rotate(token: string, now = Date.now()): { userId: string; sessionId: string; refreshToken: string } {
    const stored = this.refreshTokens.get(token);
    if (stored === undefined || !this.sessions.has(stored.sessionId)) {
      throw new AuthStoreError("refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
    }
    if (stored.revoked) {
      if (stored.rotatedAt !== null && now - stored.rotatedAt <= REUSE_INTERVAL_SECONDS * 1000) {
        return { userId: stored.userId, sessionId: stored.sessionId, refreshToken: this.latestOf(stored) };
      }
      // GoTrue treats a late re-use as a stolen token and ends the whole session.
      this.sessions.delete(stored.sessionId);
      throw new AuthStoreError("refresh_token_already_used", "Invalid Refresh Token: Already Used");
    }
    stored.revoked = true;
    stored.rotatedAt = now;
    stored.child = this.issueRefreshToken(stored.userId, stored.sessionId);
    return { userId: stored.userId, sessionId: stored.sessionId, refreshToken: stored.child };
  }

  /** Ends sessions: all of a user's (`global`), one (`local`), or all but one (`others`). */
  endSessions(userId: string, scope: "global" | "local" | "others", sessionId?: string): number {
    let ended = 0;
    for (const [id, owner] of this.sessions) {
      if (owner !== userId) continue;
      if (scope === "local" && id !== sessionId) continue;
      if (scope === "others" && id === sessionId) continue;
      this.sessions.delete(id);
      ended++;
    }
    return ended;
  }

  private latestOf(token: RefreshToken): string {
    let current = token;
    while (current.child !== null) current = this.refreshTokens.get(current.child)!;
    return current.token;
  }

  private issueRefreshToken(userId: string, sessionId: string): string {
    const token = randomBytes(12).toString("base64url");
    this.refreshTokens.set(token, { token, userId, sessionId, revoked: false, rotatedAt: null, child: null });
    return token;
  }
}

function publicUser({ id, email, createdAt, confirmedAt, lastSignInAt }: Credentials): StoredUser {
  return { id, email, createdAt, confirmedAt, lastSignInAt };
}
