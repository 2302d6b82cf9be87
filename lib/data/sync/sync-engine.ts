import { isAuthRetryableFetchError, type SupabaseClient } from "@supabase/supabase-js";
import type { Account } from "@/lib/data/session/account";
import { backoffDelayMs } from "@/lib/data/sync/backoff";
import { SupabaseSyncError } from "@/lib/data/sync/classify-failure";
import { notifyDataChanged } from "@/lib/data/local/data-changes";
import { type PullProgress, pullRows } from "@/lib/data/sync/pull";
import { pushQueue } from "@/lib/data/sync/push";
import type { Database } from "@/lib/supabase/database.types";

/** What the sync engine is doing, for the header and the History page. */
export type SyncStatus = {
  phase: "idle" | "syncing" | "waiting" | "offline" | "needs-sign-in" | "signed-out";
  /** Progress of a full pull (a first sign-in on this device), else null. */
  pull: PullProgress | null;
  /** Why the last run stopped early (shown while waiting to retry). */
  message: string | null;
  /** When the next automatic retry happens (epoch ms), while `phase` is "waiting". */
  retryAt: number | null;
};

export type SyncEngineDeps = {
  client: SupabaseClient<Database>;
  getAccount: () => Promise<Account | null>;
  /** Auth has no usable session for this user any more (revoked or expired refresh token): ask them to sign in. */
  markNeedsSignIn: (userId: string) => Promise<void>;
  isOnline?: () => boolean;
  random?: () => number;
  /** Web Locks, so that one tab of the app syncs at a time; null runs without (tests, old browsers). */
  locks?: LockManager | null;
};

/** Pulls again on focus/visibility at most this often; start, sign-in and `online` always pull. */
const PULL_THROTTLE_MS = 60_000;

/**
 * Replicates the local store to Supabase: pushes the signed-in user's queue, then pulls what other devices added.
 * Runs are coalesced (a trigger during a run schedules one more run, not one per trigger) and, across tabs, serialized
 * by a Web Lock per user. Transient failures back off exponentially with jitter; an `online` event retries at once.
 */
export class SyncEngine {
  private status: SyncStatus = { phase: "idle", pull: null, message: null, retryAt: null };
  private readonly listeners = new Set<(status: SyncStatus) => void>();
  private running: Promise<void> | null = null;
  private rerun: { pull: boolean } | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private lastPullAt = 0;
  private stopped = false;

  constructor(private readonly deps: SyncEngineDeps) {}

  getStatus(): SyncStatus {
    return this.status;
  }

  subscribe(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Asks for a sync run. `pull: "always"` pulls even if a pull just happened (start, sign-in, back online);
   * `"throttled"` pulls at most once a minute (tab focus); `"never"` only pushes (after a save).
   * Resolves when the run (and any run it was merged into) is over.
   */
  request(pull: "always" | "throttled" | "never" = "never"): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const wantPull = pull === "always" || (pull === "throttled" && Date.now() - this.lastPullAt > PULL_THROTTLE_MS);
    if (this.running) {
      this.rerun = { pull: wantPull || (this.rerun?.pull ?? false) };
      return this.running;
    }
    this.clearRetry();
    this.running = this.loop(wantPull).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  stop(): void {
    this.stopped = true;
    this.clearRetry();
  }

  private async loop(pull: boolean): Promise<void> {
    let next: { pull: boolean } | null = { pull };
    while (next && !this.stopped) {
      this.rerun = null;
      await this.runOnce(next.pull);
      next = this.rerun;
    }
  }

  private async runOnce(pull: boolean): Promise<void> {
    const account = await this.deps.getAccount();
    if (!account) return this.setStatus({ phase: "signed-out", pull: null, message: null, retryAt: null });
    if (!(this.deps.isOnline?.() ?? true)) return this.setStatus({ phase: "offline", pull: null, message: null, retryAt: null });
    this.setStatus({ ...this.status, phase: "syncing", message: null, retryAt: null });
    const token = await this.accessTokenFor(account);
    if (token.kind === "offline") return this.scheduleRetry(token.message, pull);
    if (token.kind === "needs-sign-in") {
      await this.deps.markNeedsSignIn(account.userId);
      notifyDataChanged("account");
      return this.setStatus({ phase: "needs-sign-in", pull: null, message: null, retryAt: null });
    }
    await this.withLock(account.userId, async () => {
      const pushed = await pushQueue(this.deps.client, account.userId, token.accessToken);
      if (pushed.sent > 0 || pushed.rejected > 0) notifyDataChanged("queue");
      if (pushed.outcome === "transient") return this.scheduleRetry(pushed.message, pull);
      if (pushed.outcome === "auth") {
        // The token was refused although Auth gave it to us as valid (clock skew, a rotated JWT secret): refresh once.
        const { error } = await this.deps.client.auth.refreshSession();
        if (error && !isAuthRetryableFetchError(error)) {
          await this.deps.markNeedsSignIn(account.userId);
          notifyDataChanged("account");
          return this.setStatus({ phase: "needs-sign-in", pull: null, message: null, retryAt: null });
        }
        return this.scheduleRetry(pushed.message, pull);
      }
      if (pull) {
        try {
          const result = await pullRows(this.deps.client, account.userId, token.accessToken, (progress) =>
            this.setStatus({ ...this.status, pull: progress }),
          );
          this.lastPullAt = Date.now();
          if (result.changed > 0 || result.removed > 0) notifyDataChanged("rows");
        } catch (error) {
          if (!(error instanceof SupabaseSyncError)) throw error;
          return this.scheduleRetry(error.message, true);
        }
      }
      this.failures = 0;
      this.setStatus({ phase: "idle", pull: null, message: null, retryAt: null });
    });
  }

  /**
   * A valid access token of this account's user. getSession() refreshes an expired token first; offline that fails
   * with a retryable error (keep waiting), while "no session" without an error means Auth dropped it (sign in again).
   */
  private async accessTokenFor(
    account: Account,
  ): Promise<{ kind: "ok"; accessToken: string } | { kind: "offline"; message: string } | { kind: "needs-sign-in" }> {
    const { data, error } = await this.deps.client.auth.getSession();
    if (error) {
      return isAuthRetryableFetchError(error) ? { kind: "offline", message: error.message } : { kind: "needs-sign-in" };
    }
    const session = data.session;
    // Another person's session in this browser (signed in from another tab): never push this account's rows with it.
    if (!session || session.user.id !== account.userId) return { kind: "needs-sign-in" };
    return { kind: "ok", accessToken: session.access_token };
  }

  private async withLock(userId: string, fn: () => Promise<void>): Promise<void> {
    const locks = this.deps.locks === undefined ? (typeof navigator !== "undefined" ? navigator.locks : null) : this.deps.locks;
    if (!locks) return fn();
    await locks.request(`checkin-sync:${userId}`, fn);
  }

  private scheduleRetry(message: string, pull: boolean): void {
    this.failures += 1;
    const delay = backoffDelayMs(this.failures, this.deps.random);
    this.clearRetry();
    // A pull that did not happen is owed: the retry pulls too.
    this.retryTimer = setTimeout(() => void this.request(pull ? "always" : "never"), delay);
    this.setStatus({ phase: "waiting", pull: null, message, retryAt: Date.now() + delay });
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private setStatus(status: SyncStatus): void {
    this.status = status;
    for (const l of this.listeners) l(status);
  }
}
