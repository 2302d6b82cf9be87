import type { AuthChangeEvent, Session } from "@supabase/supabase-js";
import type { SavesInFlight } from "@/lib/data/check-ins/saves-in-flight";
import type { ChangeBus } from "@/lib/data/local/data-changes";
import { currentGeneration, StaleGenerationError } from "@/lib/data/local/generation";
import type { LocalStore } from "@/lib/data/local/local-db";
import { applyFeedPage, type FeedState, getFeedState } from "@/lib/data/local/local-feed";
import { countQueue } from "@/lib/data/local/local-sync-queue";
import { feedStateKey, wipeUserData } from "@/lib/data/local/local-wipe";
import { ACCOUNT_KEY, type Account, getAccount, setAccount } from "@/lib/data/session/account";
import { backoffDelayMs } from "@/lib/data/sync/backoff";
import { SupabaseSyncError } from "@/lib/data/sync/classify-failure";
import { type PullProgress, pullChanges } from "@/lib/data/sync/pull";
import { type PushResult, pushQueue } from "@/lib/data/sync/push";
import { type RestTransport, SyncAbortedError } from "@/lib/data/sync/rest";
import { deleteMyAccountOnServer, deleteMyDataOnServer, readSyncState } from "@/lib/data/sync/server-api";
import { switchAccount } from "@/lib/data/sync/switch-account";
import { type Clock, type SyncAuth, TokenSource } from "@/lib/data/sync/token-source";

/** What the sync engine is doing, for the header and the History page. Every run ends in a phase other than "syncing". */
export type SyncStatus = {
  phase: "idle" | "syncing" | "waiting" | "offline" | "needs-sign-in" | "signed-out" | "problem";
  /** Progress of a pull with many changes (a first sign-in on this device), else null. */
  pull: PullProgress | null;
  /** Why the last run stopped early ("waiting": retried at `retryAt`; "problem": what to do). */
  message: string | null;
  /** When the next automatic retry happens (epoch ms), while `phase` is "waiting" or "problem". */
  retryAt: number | null;
};

/** auth-js as the engine uses it: tokens, the event stream, and signing out. */
export type EngineAuth = SyncAuth & {
  onAuthStateChange(callback: (event: AuthChangeEvent, session: Session | null) => void): { data: { subscription: { unsubscribe(): void } } };
  signOut(options: { scope: "local" | "global" }): Promise<{ error: unknown }>;
};

/** Everything the engine touches, injected: the app passes the page's own (start-sync.ts); the simulation its models. */
export type SyncContext = {
  store: LocalStore;
  bus: ChangeBus;
  rest: RestTransport;
  auth: EngineAuth;
  /** Web Locks, so that one tab of the app syncs at a time; null runs without (old browsers, the simulation). */
  locks: LockManager | null;
  clock: Clock;
  random: () => number;
  isOnline: () => boolean;
  /** The person's data left this tab (sign-out, Delete, switch): drop what else this tab keeps of them (the draft). */
  onWiped?: () => void;
  /** This page's saves still running their models: Sign out waits for them before it counts and wipes. */
  saves?: SavesInFlight;
  /** The server's clock offset can be read from now on (stamps check-ins: lib/data/check-ins/save-check-in.ts). */
  onServerOffset?: (serverOffsetMs: () => number | null) => void;
};

export class DeleteDataError extends Error {
  override name = "DeleteDataError";
}

/** Delete my account did not happen (signed out, offline, or Supabase refused): the account and its data are intact. */
export class DeleteAccountError extends Error {
  override name = "DeleteAccountError";
}

/** A check-in was saved after the person chose "delete unsent and sign out": nothing was signed out or deleted. */
export class SignOutInterruptedError extends Error {
  override name = "SignOutInterruptedError";
  constructor() {
    super("A check-in was saved while you were signing out, so nothing was signed out or deleted. Sign out again to choose what happens to it.");
  }
}

/** `promise`, or SyncAbortedError as soon as `signal` aborts (an Auth call cannot be aborted, but a run can stop waiting). */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new SyncAbortedError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new SyncAbortedError());
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Pulls again on focus/visibility at most this often; start, sign-in and `online` always pull. */
const PULL_THROTTLE_MS = 60_000;

/**
 * The one owner of a device's synced state for the signed-in person: runs push and pull (coalesced; across tabs one
 * run at a time per user by a Web Lock), follows Auth's events, and performs sign-out, account switch and Delete my
 * data itself — stop new runs, abort the one in flight, wait for it, wipe (raising the store's generation, so nothing
 * that was in flight lands afterwards), then tell Auth. Every run ends in a status the person can see; failures back
 * off exponentially with jitter; needs-sign-in is quiet until the person signs in.
 */
export class SyncEngine {
  readonly tokens: TokenSource;
  private status: SyncStatus = { phase: "idle", pull: null, message: null, retryAt: null };
  private readonly listeners = new Set<(status: SyncStatus) => void>();
  private running: Promise<void> | null = null;
  private rerun: { pull: boolean } | null = null;
  private retryTimer: unknown = null;
  private failures = 0;
  private lastPullAt = Number.NEGATIVE_INFINITY;
  private stopped = false;
  /** Set while sign-out, a switch or Delete owns the state: requests wait for it instead of starting a run. */
  private exclusive: Promise<unknown> | null = null;
  /** A run asked for while `exclusive` was held: started when it ends. */
  private deferred: { pull: boolean } | null = null;
  private controller: AbortController | null = null;
  private authChain: Promise<void> = Promise.resolve();
  private unsubscribeAuth: (() => void) | null = null;
  /** Runs started (the simulation bounds them per virtual minute). */
  runCount = 0;

  constructor(private readonly ctx: SyncContext) {
    this.tokens = new TokenSource(ctx.auth, ctx.clock, ctx.onServerOffset);
  }

  getStatus(): SyncStatus {
    return this.status;
  }

  subscribe(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Follows Supabase Auth's events (sign-in, refresh, sign-out by Auth itself) until `stop()`. */
  watchAuth(): void {
    const { data } = this.ctx.auth.onAuthStateChange((event, session) => {
      // The token first, synchronously (it calls nothing): auth-js awaits this callback before getSession() or
      // refreshSession() return, so the token source knows a session is fresh by the time they do.
      if (event === "SIGNED_OUT") this.tokens.clear();
      else this.tokens.accept(session, event === "SIGNED_IN" || event === "TOKEN_REFRESHED");
      // auth-js awaits its callbacks while holding its lock: never call back into Auth from here; defer the rest, and
      // handle events one at a time, in order.
      this.authChain = this.authChain
        .then(() => new Promise<void>((resolve) => this.ctx.clock.setTimeout(resolve, 0)))
        .then(() => this.onAuthEvent(event, session))
        .catch(() => undefined); // IndexedDB refused: the next event or the next start re-reads the account
    });
    this.unsubscribeAuth = () => data.subscription.unsubscribe();
  }

  /** Resolves once every Auth event received so far has been handled. */
  authIdle(): Promise<void> {
    return this.authChain;
  }

  /**
   * Asks for a sync run. `pull: "always"` pulls even if a pull just happened (start, sign-in, back online);
   * `"throttled"` pulls at most once a minute (tab focus); `"never"` only pushes (after a save).
   * Resolves when the run (and any run it was merged into) is over; never rejects.
   */
  request(pull: "always" | "throttled" | "never" = "never"): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const wantPull = pull === "always" || (pull === "throttled" && this.ctx.clock.now() - this.lastPullAt > PULL_THROTTLE_MS);
    if (this.exclusive) {
      this.deferred = { pull: wantPull || (this.deferred?.pull ?? false) };
      return this.exclusive.then(
        () => undefined,
        () => undefined,
      );
    }
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
    this.controller?.abort();
    this.unsubscribeAuth?.();
  }

  /**
   * Check-ins of `userId` not yet on the server (pending or refused), read from the store once this page's saves that
   * are still running their models have stored their predictions (issue 18, defect 1: a check-in sent before its
   * predictions were made counted as nothing unsent, and Sign out then dropped the predictions).
   */
  async unsentCount(userId: string): Promise<number> {
    await this.ctx.saves?.settled();
    const { pending, rejected } = await countQueue(this.ctx.store, userId);
    return pending + rejected;
  }

  /**
   * Signs the account out of this device. Its synced rows leave this browser; rows not yet sent are kept for the
   * person's next sign-in when `keepUnsent`, else deleted. Offline, auth-js's signOut() fails and keeps the session;
   * the session is then dropped from this browser only (`serverReached: false`).
   * `scope: "global"` (Sign out everywhere) also ends the account's sessions on every other device: their next refresh
   * fails, and each asks its person to sign in again. Local rules are the same either way.
   */
  async signOut(options: { keepUnsent: boolean; unsentSeen?: number; scope?: "local" | "global" }): Promise<{ serverReached: boolean }> {
    // A save still running its models finishes first, so that "keep unsent" keeps its predictions too.
    await this.ctx.saves?.settled();
    return this.exclusively(async () => {
      const account = await getAccount(this.ctx.store);
      // `unsentSeen`: how many unsent check-ins the person was told of. Deleting more than that (a save landed since)
      // would drop a check-in nobody chose to drop.
      if (account && !options.keepUnsent && options.unsentSeen !== undefined) {
        const { pending, rejected } = await countQueue(this.ctx.store, account.userId);
        if (pending + rejected > options.unsentSeen) throw new SignOutInterruptedError();
      }
      // The account is cleared in the wipe's transaction, before Auth is told, so that the SIGNED_OUT every tab then
      // hears reads as "signed out", not as "the session was revoked".
      if (account) await wipeUserData(this.ctx.store, account.userId, { keepQueued: options.keepUnsent, meta: { [ACCOUNT_KEY]: undefined } });
      this.tokens.clear();
      this.ctx.onWiped?.();
      this.ctx.bus.notify("account");
      this.setStatus({ phase: "signed-out", pull: null, message: null, retryAt: null });
      // "local" unless asked: Sign out ends this device's session, not the person's other devices'.
      const { error } = await this.ctx.auth.signOut({ scope: options.scope ?? "local" });
      if (!error) return { serverReached: true };
      await forgetSessionLocally(this.ctx.auth);
      return { serverReached: false };
    });
  }

  /**
   * Delete my data (Supabase mode): first on the server (one call: every row of the person, and a new epoch that
   * refuses any push still in flight from any device), then everything on this device, unsent check-ins included.
   * When the server cannot be reached nothing is deleted here and DeleteDataError says so.
   */
  async deleteMyData(userId: string): Promise<void> {
    await this.exclusively(async () => {
      const account = await getAccount(this.ctx.store);
      if (!account || account.userId !== userId || account.status !== "active" || !this.ctx.isOnline()) {
        throw new DeleteDataError("Sign in again (and be online) to delete your data from Supabase; nothing was deleted.");
      }
      const epoch = await this.withToken(userId, (token) => deleteMyDataOnServer(this.ctx.rest, token)).catch((error: unknown) => {
        if (error instanceof SyncAbortedError) throw new DeleteDataError("Sign in again to delete your data from Supabase; nothing was deleted.");
        const noAnswer = error instanceof SupabaseSyncError && error.failure.status === 0;
        throw new DeleteDataError(
          noAnswer
            ? "Supabase could not be reached, so nothing was deleted here. If the request reached it after all, this device follows at its next sync."
            : `Could not delete your data from Supabase: ${error instanceof Error ? error.message : String(error)}. Nothing was deleted; try again online.`,
          { cause: error },
        );
      });
      await wipeUserData(this.ctx.store, userId, { keepQueued: false, meta: { [feedStateKey(userId)]: { epoch, cursor: 0 } } });
      this.ctx.onWiped?.();
      this.ctx.bus.notify("rows");
      this.ctx.bus.notify("queue");
    });
    void this.request("always");
  }

  /**
   * Delete my account (Supabase mode): the server deletes the Auth user and, by cascade, every row of theirs
   * (`rpc/delete_my_account`, migration 014); then this device forgets everything of theirs, unsent check-ins included,
   * and the session. Nothing is deleted here unless the server said it was done there.
   */
  async deleteMyAccount(userId: string): Promise<void> {
    await this.ctx.saves?.settled();
    await this.exclusively(async () => {
      const account = await getAccount(this.ctx.store);
      if (!account || account.userId !== userId || account.status !== "active" || !this.ctx.isOnline()) {
        throw new DeleteAccountError("Sign in again (and be online) to delete your account; nothing was deleted.");
      }
      await this.withToken(userId, (token) => deleteMyAccountOnServer(this.ctx.rest, token)).catch((error: unknown) => {
        if (error instanceof SyncAbortedError) throw new DeleteAccountError("Sign in again to delete your account; nothing was deleted.");
        const noAnswer = error instanceof SupabaseSyncError && error.failure.status === 0;
        throw new DeleteAccountError(
          noAnswer
            ? "Supabase could not be reached, so this device still holds your data. If the request reached it after all, your account is gone: signing in will then fail."
            : `Could not delete your account: ${error instanceof Error ? error.message : String(error)}. Nothing was deleted; try again online.`,
          { cause: error },
        );
      });
      await wipeUserData(this.ctx.store, userId, { keepQueued: false, meta: { [ACCOUNT_KEY]: undefined } });
      this.tokens.clear();
      this.ctx.onWiped?.();
      this.ctx.bus.notify("account");
      this.setStatus({ phase: "signed-out", pull: null, message: null, retryAt: null });
      // The user and their sessions are gone at Supabase, so Auth's /logout has nothing to end and may refuse: the
      // session is dropped from this browser either way.
      const { error } = await this.ctx.auth.signOut({ scope: "local" });
      if (error) await forgetSessionLocally(this.ctx.auth);
    });
  }

  /** A sign-in on this device (the sign-in form, or Auth's SIGNED_IN from another tab): switch to that person. */
  async adoptSession(session: Session, fresh = true): Promise<void> {
    this.tokens.accept(session, fresh);
    const account = await getAccount(this.ctx.store);
    if (account?.userId === session.user.id) {
      await switchAccount(this.ctx.store, this.ctx.bus, { userId: session.user.id, email: session.user.email ?? null });
    } else {
      await this.exclusively(async () => {
        const switched = await switchAccount(this.ctx.store, this.ctx.bus, { userId: session.user.id, email: session.user.email ?? null });
        if (switched) this.ctx.onWiped?.();
      });
    }
    this.failures = 0;
    void this.request("always");
  }

  private async onAuthEvent(event: AuthChangeEvent, session: Session | null): Promise<void> {
    if (session) {
      const account = await getAccount(this.ctx.store);
      // The start's session: it says who is signed in in this browser, but no run (the page's start asked for one).
      // A refresh: never a run (our own refreshes happen inside runs; a run per refresh would loop).
      // A session at start for nobody we know (a magic link signed in through /auth/confirm, another tab's sign-in) or
      // for someone asked to sign in again: that person is the account now.
      const startsSomeoneElse = event === "INITIAL_SESSION" && (!account || account.userId !== session.user.id || account.status === "needs-sign-in");
      if (event === "SIGNED_IN" || startsSomeoneElse) {
        await this.adoptSession(session, event !== "INITIAL_SESSION");
      } else if (account?.userId === session.user.id && account.status === "needs-sign-in" && event !== "INITIAL_SESSION") {
        await this.adoptSession(session);
      }
      return;
    }
    if (event === "SIGNED_OUT") {
      // Not our sign-out (that clears the account first, in every tab at once, since the account lives in IndexedDB):
      // Auth dropped the session by itself — the refresh token was revoked or expired.
      await this.markNeedsSignIn();
    }
  }

  /** Runs `fn` with nothing else of this engine in flight: new runs wait, the current one is aborted and awaited. */
  private async exclusively<T>(fn: () => Promise<T>): Promise<T> {
    while (this.exclusive) await this.exclusive.catch(() => undefined);
    this.clearRetry();
    const work = (async () => {
      this.controller?.abort();
      await this.running?.catch(() => undefined);
      return fn();
    })();
    this.exclusive = work;
    try {
      return await work;
    } finally {
      this.exclusive = null;
      const deferred = this.deferred;
      this.deferred = null;
      if (deferred) void this.request(deferred.pull ? "always" : "never");
    }
  }

  private async loop(pull: boolean): Promise<void> {
    let next: { pull: boolean } | null = { pull };
    while (next && !this.stopped) {
      if (this.exclusive) {
        // Sign-out, a switch or Delete is waiting for this run to end: hand the next run to it (never wait on it here:
        // it waits on us).
        this.deferred = { pull: next.pull || (this.deferred?.pull ?? false) };
        break;
      }
      this.rerun = null;
      this.runCount += 1;
      this.controller = new AbortController();
      try {
        await this.runOnce(next.pull, this.controller.signal);
      } catch (error) {
        this.onRunError(error, next.pull);
      } finally {
        this.controller = null;
      }
      // A run stopped from outside (sign-out, a switch, Delete) ends here too: never leave "syncing" behind; whoever
      // stopped it sets what comes next, and the run it defers says where things stand.
      if (this.status.phase === "syncing") this.setStatus({ phase: "idle", pull: null, message: null, retryAt: null });
      next = this.rerun;
    }
  }

  private onRunError(error: unknown, pull: boolean): void {
    // Stopped by sign-out/switch/Delete, or the data was wiped under the run: whoever did it sets the status.
    if (error instanceof SyncAbortedError || error instanceof StaleGenerationError) return;
    if (error instanceof SupabaseSyncError) return this.scheduleRetry("waiting", error.message, pull);
    this.scheduleRetry("problem", describeLocalFailure(error), pull);
  }

  private async runOnce(pull: boolean, signal: AbortSignal): Promise<void> {
    const { store } = this.ctx;
    const account = await getAccount(store);
    if (!account) return this.setStatus({ phase: "signed-out", pull: null, message: null, retryAt: null });
    // Quiet: no token requests, no network, until the person signs in (adoptSession starts the next run).
    if (account.status === "needs-sign-in") return this.setStatus({ phase: "needs-sign-in", pull: null, message: null, retryAt: null });
    if (!this.ctx.isOnline()) return this.setStatus({ phase: "offline", pull: null, message: null, retryAt: null });
    this.setStatus({ ...this.status, phase: "syncing", message: null, retryAt: null });
    const generation = await currentGeneration(store);
    await this.withLock(account.userId, signal, async () => {
      const userId = account.userId;
      let feed = await getFeedState(store, userId);
      const doPull = async () => {
        const result = await this.withToken(
          userId,
          (token) =>
            pullChanges({ store, transport: this.ctx.rest, token, userId, generation, signal, onProgress: (p) => this.setStatus({ ...this.status, pull: p.first ? p : null }) }),
          signal,
        );
        this.lastPullAt = this.ctx.clock.now();
        feed = result.state;
        if (result.changed > 0) this.ctx.bus.notify("rows");
        if (result.epochChanged) this.ctx.bus.notify("queue");
      };
      // A person's first run on this device: their unsent check-ins go out before the history comes in, under the
      // server's current epoch.
      let epoch = feed?.epoch;
      if (epoch === undefined) {
        epoch = (await this.withToken(userId, (token) => readSyncState(this.ctx.rest, token, userId, signal), signal)).epoch;
        // Kept at once (cursor 0: nothing pulled yet), so that if the first pull never finishes, a Delete my data on
        // another device is still noticed here by its epoch, and what this device pushed under the old one goes.
        feed = { epoch, cursor: 0 };
        await applyFeedPage(store, generation, userId, { checkIns: [], predictions: [], tombstones: [] }, feed);
      }
      let pushed = await this.push(userId, epoch, generation, signal);
      if (pushed.outcome === "epoch") {
        // Deleted on another device meanwhile: the pull applies it (unsent rows go to Needs attention), then push on.
        await doPull();
        pushed = await this.push(userId, (feed as FeedState).epoch, generation, signal);
      }
      if (pushed.sent > 0 || pushed.rejected > 0) this.ctx.bus.notify("queue");
      if (pushed.outcome === "transient" || pushed.outcome === "auth" || pushed.outcome === "epoch") {
        return this.scheduleRetry("waiting", pushed.outcome === "epoch" ? "Your data changed on another device; trying again." : pushed.message, pull);
      }
      if (pull || (feed as FeedState).cursor === 0) await doPull();
      this.failures = 0;
      this.setStatus({ phase: "idle", pull: null, message: null, retryAt: null });
    });
  }

  /** Push with one refresh-and-retry on a 401. */
  private async push(userId: string, epoch: number, generation: number, signal: AbortSignal): Promise<PushResult> {
    const first = await this.tokenOrStop(userId, signal);
    const result = await pushQueue({ store: this.ctx.store, transport: this.ctx.rest, token: first, userId, epoch, generation, signal });
    if (result.outcome !== "auth") return result;
    const again = await raceAbort(this.tokens.unauthorized(userId, first), signal);
    if (again.kind !== "ok") return this.tokenProblem(again, userId);
    const retried = await pushQueue({ store: this.ctx.store, transport: this.ctx.rest, token: again.token, userId, epoch, generation, signal });
    return { ...retried, sent: retried.sent + result.sent, rejected: retried.rejected + result.rejected };
  }

  /** Calls `fn` with the user's token; a 401 gets one refresh and one retry, never more. */
  private async withToken<T>(userId: string, fn: (token: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const token = await this.tokenOrStop(userId, signal);
    try {
      return await fn(token);
    } catch (error) {
      if (!(error instanceof SupabaseSyncError) || error.failure.kind !== "auth") throw error;
      const again = await raceAbort(this.tokens.unauthorized(userId, token), signal);
      if (again.kind !== "ok") throw await this.tokenProblem(again, userId);
      return fn(again.token);
    }
  }

  private async tokenOrStop(userId: string, signal?: AbortSignal): Promise<string> {
    const result = await raceAbort(this.tokens.token(userId), signal);
    if (result.kind === "ok") return result.token;
    throw await this.tokenProblem(result, userId);
  }

  /** No usable token: offline (retry later) or Auth dropped the session (ask the person to sign in, then stay quiet). */
  private async tokenProblem(result: { kind: "offline"; message: string } | { kind: "needs-sign-in" }, userId: string): Promise<never> {
    if (result.kind === "offline") throw new SupabaseSyncError({ kind: "transient", status: 0, code: null, message: result.message }, "Could not reach Supabase Auth");
    // A sign-in landed while this run was asking: it is not for this run to ask the person to sign in again.
    if (this.tokens.hasSessionFor(userId)) throw new SupabaseSyncError({ kind: "transient", status: 0, code: null, message: "The session changed" }, "Signing in");
    await this.markNeedsSignIn(userId);
    throw new SyncAbortedError();
  }

  private async markNeedsSignIn(userId?: string): Promise<void> {
    const account = await getAccount(this.ctx.store);
    // No account: our own sign-out cleared it before Auth's SIGNED_OUT arrived; nothing to mark.
    if (!account || (userId !== undefined && account.userId !== userId)) return;
    if (account.status === "active") {
      await setAccount(this.ctx.store, { ...account, status: "needs-sign-in" } satisfies Account);
      // Announced once, on the change: a run in needs-sign-in announces nothing (issue 18, defect 7's loop).
      this.ctx.bus.notify("account");
    }
    this.clearRetry();
    this.setStatus({ phase: "needs-sign-in", pull: null, message: null, retryAt: null });
  }

  private async withLock(userId: string, signal: AbortSignal, fn: () => Promise<void>): Promise<void> {
    if (!this.ctx.locks) return fn();
    try {
      // With the signal: a sign-out must not wait behind another tab's run to stop this tab's wait for the lock.
      await this.ctx.locks.request(`checkin-sync:${userId}`, { signal }, fn);
    } catch (error) {
      if (signal.aborted) throw new SyncAbortedError();
      throw error;
    }
  }

  private scheduleRetry(phase: "waiting" | "problem", message: string, pull: boolean): void {
    this.failures += 1;
    const delay = backoffDelayMs(this.failures, this.ctx.random);
    this.clearRetry();
    // A pull that did not happen is owed: the retry pulls too.
    this.retryTimer = this.ctx.clock.setTimeout(() => void this.request(pull ? "always" : "never"), delay);
    this.setStatus({ phase, pull: null, message, retryAt: this.ctx.clock.now() + delay });
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.ctx.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private setStatus(status: SyncStatus): void {
    this.status = status;
    for (const l of this.listeners) l(status);
  }
}

/** What an error of the browser's storage means for the person, and what to do about it. */
function describeLocalFailure(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  if (name === "QuotaExceededError") {
    return "This browser's storage for the app is full, so synced check-ins cannot be stored. Free space (Models → Clear downloaded models, or other sites' data), then it retries by itself.";
  }
  const message = error instanceof Error ? error.message : String(error);
  return `The app's storage in this browser failed (${message}). It retries by itself; reloading the page may help.`;
}

/**
 * auth-js has no public "forget the session without asking the server"; `_removeSession` is what its own signOut
 * runs after the server answered (it clears storage and emits SIGNED_OUT). The e2e test "signs out offline" fails if
 * a new auth-js drops it.
 */
async function forgetSessionLocally(auth: EngineAuth): Promise<void> {
  const internal = auth as unknown as { _removeSession?: () => Promise<void> };
  if (typeof internal._removeSession !== "function") {
    throw new Error("Could not sign out on this device: this version of supabase-js offers no way to drop the session offline. Try again online.");
  }
  await internal._removeSession();
}
