import { isAuthRetryableFetchError, type Session } from "@supabase/supabase-js";

/** The parts of auth-js (client.auth) the sync uses. */
export type SyncAuth = {
  getSession(): Promise<{ data: { session: Session | null }; error: unknown }>;
  refreshSession(): Promise<{ data: { session: Session | null }; error: unknown }>;
};

export type Clock = {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Elapsed time that a change of the device's clock does not move (performance.now()); absent: `now`. */
  monotonic?(): number;
};

export type TokenResult = { kind: "ok"; token: string } | { kind: "offline"; message: string } | { kind: "needs-sign-in" };

/** `validUntil` is on the monotonic clock: a jump of the device's clock neither expires nor extends a token. */
type Held = { token: string; refreshToken: string; userId: string; validUntil: number; serverExpiresAt: number };


/** auth-js's own margin (EXPIRY_MARGIN_MS, 3 ticks of 30 s): within it, by the device's clock, loading refreshes. */
const AUTH_JS_EXPIRY_MARGIN_MS = 90_000;

/**
 * An Auth failure that says nothing about the session: no network, or auth-js discarding a refresh because the session
 * changed meanwhile (a sign-in in the same moment). Anything else (a refused refresh token) ends the session.
 */
function isTransientAuthError(error: unknown): boolean {
  return isAuthRetryableFetchError(error) || (error instanceof Error && error.name === "AuthRefreshDiscardedError");
}

/**
 * auth-js answers a refresh with its last failure, without asking Auth, until `Date.now()` passes that failure plus
 * 60 s: a device clock set back by hours (a clock corrected after running fast) makes that hours, during which every
 * request gets 401 and nothing refreshes. Our refreshes are already single-flight and spaced by the engine's backoff,
 * so the cache is dropped before each one. It is a private field: if auth-js renames it, this does nothing and the
 * simulation's clock-jump schedules fail (tests/sim).
 */
function forgetCachedRefreshFailure(auth: SyncAuth): void {
  const internal = auth as unknown as { lastRefreshFailure?: unknown };
  if ("lastRefreshFailure" in internal) internal.lastRefreshFailure = null;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A token's claims, read without verifying (the server verifies; we only need its times and subject). */
function claimsOf(token: string): { sub?: string; iat?: number; exp?: number } {
  try {
    const payload = token.split(".")[1] ?? "";
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(payload.length / 4) * 4, "="));
    return JSON.parse(json) as { sub?: string; iat?: number; exp?: number };
  } catch {
    return {};
  }
}

/**
 * The sync's access token, judged by elapsed time instead of the device's clock. auth-js compares a token's `exp`
 * (server time) with `Date.now()` (device time): with the clock two hours fast every token looks expired and every
 * `getSession()` refreshes (issue 18, defect 8); with it slow, an expired token looks valid and pulls fail with 401
 * forever (defect 9). Here a token that was just issued is valid for its lifetime (`exp - iat`) from when this device
 * received it, whatever the clock says, and the difference between `iat` and the device's clock is kept as the
 * device's offset from the server (used to stamp check-ins, lib/data/check-ins/save-check-in.ts).
 *
 * Refreshes: at most one per token lifetime (single flight), plus one after a 401 on a token not yet replaced
 * (`unauthorized`); the caller retries once and backs off if that fails too. `getSession()` is called once, to load
 * the session this page starts with.
 */
export class TokenSource {
  private held: Held | null = null;
  private loading: Promise<unknown> | null = null;
  private refreshing: Promise<TokenResult> | null = null;
  /** The server's time at a moment of the monotonic clock: the offset follows the device's clock when it jumps. */
  private anchor: { serverMs: number; monotonicMs: number } | null = null;

  constructor(
    private readonly auth: SyncAuth,
    private readonly clock: Pick<Clock, "now" | "monotonic">,
    private readonly onAnchor: (serverOffsetMs: () => number | null) => void = () => {},
  ) {}

  private monotonic(): number {
    return this.clock.monotonic ? this.clock.monotonic() : this.clock.now();
  }

  /**
   * Server time minus device time now, once a fresh token has been seen; null before. Measured from the token's `iat`
   * forward by elapsed time, so a device clock that jumps after the sign-in does not carry its jump into the stamps.
   */
  serverOffsetMs(): number | null {
    if (!this.anchor) return null;
    return this.anchor.serverMs + (this.monotonic() - this.anchor.monotonicMs) - this.clock.now();
  }

  /**
   * A session from Auth: `fresh` when it was issued just now (a sign-in, a refresh), so its `iat` tells the server's
   * time; a session read from storage at start is not fresh.
   */
  accept(session: Session | null, fresh: boolean, replace = false): void {
    if (!session) {
      this.held = null;
      return;
    }
    // A session from storage at start never replaces one we hold (it can only be as new; `replace`: a newer one another
    // tab stored, found by a refresh); a fresh one always does, even with
    // the same token: an Auth server signing the same claims within one second issues the identical JWT, and its
    // lifetime starts again now.
    if (this.held && !fresh && !replace) return;
    const { sub, iat, exp } = claimsOf(session.access_token);
    const now = this.clock.now();
    const expSeconds = exp ?? session.expires_at ?? 0;
    const lifetimeMs = iat !== undefined && exp !== undefined ? (exp - iat) * 1000 : (session.expires_in ?? 3600) * 1000;
    if (fresh && iat !== undefined) {
      this.anchor = { serverMs: iat * 1000, monotonicMs: this.monotonic() };
      this.onAnchor(() => this.serverOffsetMs());
    }
    // How long it has left, from now: its whole lifetime when just issued; else its expiry against the server's time
    // as best known (the device's clock before any fresh token was seen).
    const left = fresh ? lifetimeMs : expSeconds * 1000 - (now + (this.serverOffsetMs() ?? 0));
    const expiresAt = this.monotonic() + left;
    // Refresh a little before the end, as auth-js does, but never more than a tenth of the lifetime early.
    const margin = Math.min(60_000, lifetimeMs / 10);
    this.held = { token: session.access_token, refreshToken: session.refresh_token, userId: sub ?? session.user.id, validUntil: expiresAt - margin, serverExpiresAt: expSeconds * 1000 };
  }

  /** Forget the session (sign-out). */
  clear(): void {
    this.held = null;
  }

  /** Whether a session of `userId` is held now (a run that found none may have raced a sign-in). */
  hasSessionFor(userId: string): boolean {
    return this.held?.userId === userId;
  }

  /** A token for `userId`'s requests, refreshing it when its lifetime is over. */
  async token(userId: string): Promise<TokenResult> {
    const loadError = this.held ? null : await this.load();
    const held = this.held;
    // No session: offline (auth-js could not refresh an expired one) is not "signed out".
    if (!held) return loadError && isTransientAuthError(loadError) ? { kind: "offline", message: messageOf(loadError) } : { kind: "needs-sign-in" };
    // Another person's session in this browser (signed in from another tab): never move this account's rows with it.
    if (held.userId !== userId) return { kind: "needs-sign-in" };
    if (this.monotonic() < held.validUntil) return { kind: "ok", token: held.token };
    return this.refresh(userId);
  }

  /** A request with `token` got 401: refresh once, unless that token was already replaced (then use the new one). */
  async unauthorized(userId: string, token: string): Promise<TokenResult> {
    if (this.held && this.held.token !== token) return this.token(userId);
    return this.refresh(userId);
  }

  /** Loads the session auth-js holds; resolves with auth-js's error, if any. */
  private load(): Promise<unknown> {
    this.loading ??= this.auth
      .getSession()
      .then(({ data, error }) => {
        // getSession() may have refreshed (auth-js judged the token expired by this device's clock): then an event
        // already handed us the fresh session, and this is the same token.
        if (!this.held) this.accept(data.session, false);
        return error ?? null;
      })
      .catch((error: unknown) => error)
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  private refresh(userId: string): Promise<TokenResult> {
    this.refreshing ??= (async (): Promise<TokenResult> => {
      const before = this.held;
      // auth-js loads its session before refreshSession() refreshes, and loading refreshes by itself whenever the
      // device's clock says the token is about to expire: refreshSession() alone would then ask Auth twice. So first
      // load: if that gave a new token (auth-js refreshed, or another tab did), it is the one refresh.
      const loaded = await this.auth.getSession();
      if (!loaded.error && loaded.data.session && loaded.data.session.access_token !== before?.token) {
        // A refresh just now reached us through TOKEN_REFRESHED already (fresh); a newer token from storage did not.
        if (this.held === before) this.accept(loaded.data.session, false, true);
        return this.held && this.held.userId === userId ? { kind: "ok", token: this.held.token } : { kind: "needs-sign-in" };
      }
      // The same token back: auth-js saw no reason to refresh. When its clock (the device's) says the token is about
      // to expire, loading *was* its refresh, and it failed or was discarded: refreshSession() would load (and
      // refresh) again and then refresh once more. Try again later instead.
      const deviceSaysExpired = before !== null && before.serverExpiresAt - Date.now() < AUTH_JS_EXPIRY_MARGIN_MS;
      if (!loaded.error && deviceSaysExpired) return { kind: "offline", message: "Supabase Auth did not renew the session; retrying later." };
      if (!loaded.error) forgetCachedRefreshFailure(this.auth);
      const { data, error } = loaded.error ? loaded : await this.auth.refreshSession();
      if (error) {
        if (isTransientAuthError(error)) return { kind: "offline", message: messageOf(error) };
        this.held = null;
        return { kind: "needs-sign-in" };
      }
      this.accept(data.session, true);
      return this.held && this.held.userId === userId ? { kind: "ok", token: this.held.token } : { kind: "needs-sign-in" };
    })().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }
}
