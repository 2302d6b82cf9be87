import { isAuthRetryableFetchError, type Session } from "@supabase/supabase-js";

/** The parts of auth-js (client.auth) the sync uses. */
export type SyncAuth = {
  getSession(): Promise<{ data: { session: Session | null }; error: unknown }>;
  refreshSession(): Promise<{ data: { session: Session | null }; error: unknown }>;
};

export type Clock = { now(): number; setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };

export type TokenResult = { kind: "ok"; token: string } | { kind: "offline"; message: string } | { kind: "needs-sign-in" };

type Held = { token: string; userId: string; validUntil: number; lifetimeMs: number; receivedAt: number };

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
  private loading: Promise<void> | null = null;
  private refreshing: Promise<TokenResult> | null = null;
  private offsetMs: number | null = null;
  /** Token refreshes this source asked for (the simulation bounds them per virtual minute). */
  refreshCount = 0;

  constructor(
    private readonly auth: SyncAuth,
    private readonly clock: Pick<Clock, "now">,
    private readonly onOffset: (offsetMs: number) => void = () => {},
  ) {}

  /** Server time minus device time, once a fresh token has been seen; null before. */
  serverOffsetMs(): number | null {
    return this.offsetMs;
  }

  /**
   * A session from Auth: `fresh` when it was issued just now (a sign-in, a refresh), so its `iat` tells the server's
   * time; a session read from storage at start is not fresh.
   */
  accept(session: Session | null, fresh: boolean): void {
    if (!session) {
      this.held = null;
      return;
    }
    if (this.held?.token === session.access_token) return;
    const { sub, iat, exp } = claimsOf(session.access_token);
    const now = this.clock.now();
    const expSeconds = exp ?? session.expires_at ?? 0;
    const lifetimeMs = iat !== undefined && exp !== undefined ? (exp - iat) * 1000 : (session.expires_in ?? 3600) * 1000;
    if (fresh && iat !== undefined) {
      this.offsetMs = iat * 1000 - now;
      this.onOffset(this.offsetMs);
    }
    const expiresAt = fresh ? now + lifetimeMs : this.offsetMs !== null ? expSeconds * 1000 - this.offsetMs : expSeconds * 1000;
    // Refresh a little before the end, as auth-js does, but never more than a tenth of the lifetime early.
    const margin = Math.min(60_000, lifetimeMs / 10);
    this.held = { token: session.access_token, userId: sub ?? session.user.id, validUntil: expiresAt - margin, lifetimeMs, receivedAt: now };
  }

  /** Forget the session (sign-out). */
  clear(): void {
    this.held = null;
  }

  /** A token for `userId`'s requests, refreshing it when its lifetime is over. */
  async token(userId: string): Promise<TokenResult> {
    if (!this.held) await this.load();
    const held = this.held;
    if (!held) return { kind: "needs-sign-in" };
    // Another person's session in this browser (signed in from another tab): never move this account's rows with it.
    if (held.userId !== userId) return { kind: "needs-sign-in" };
    if (this.clock.now() < held.validUntil) return { kind: "ok", token: held.token };
    return this.refresh(userId);
  }

  /** A request with `token` got 401: refresh once, unless that token was already replaced (then use the new one). */
  async unauthorized(userId: string, token: string): Promise<TokenResult> {
    if (this.held && this.held.token !== token) return this.token(userId);
    return this.refresh(userId);
  }

  private load(): Promise<void> {
    this.loading ??= this.auth
      .getSession()
      .then(({ data }) => {
        // getSession() may have refreshed (auth-js judged the token expired by this device's clock): then an event
        // already handed us the fresh session, and this is the same token.
        if (!this.held) this.accept(data.session, false);
      })
      .catch(() => undefined)
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  private refresh(userId: string): Promise<TokenResult> {
    this.refreshing ??= (async (): Promise<TokenResult> => {
      this.refreshCount += 1;
      const { data, error } = await this.auth.refreshSession();
      if (error) {
        if (isAuthRetryableFetchError(error)) return { kind: "offline", message: (error as Error).message };
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
