import "fake-indexeddb/auto";
import { randomUUID } from "node:crypto";
import { IDBFactory } from "fake-indexeddb";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { clearCheckInDraft } from "@/app/_components/use-check-in-draft";
import { saveCheckIn } from "@/lib/data/check-ins/save-check-in";
import { ChangeBus } from "@/lib/data/local/data-changes";
import { currentGeneration } from "@/lib/data/local/generation";
import { getLocalCheckIn, type HistoryCursor, listAllLocalCheckIns, listLocalCheckIns, putLocalCheckIn } from "@/lib/data/local/local-check-ins";
import { browserLocalStore, resetLocalDbForTests } from "@/lib/data/local/local-db";
import { getFeedState } from "@/lib/data/local/local-feed";
import { listPredictionsOfCheckIn, putLocalPredictions } from "@/lib/data/local/local-predictions";
import { getQueueEntry, listQueue } from "@/lib/data/local/local-sync-queue";
import { getAccount, setAccount } from "@/lib/data/session/account";
import { getCurrentUser } from "@/lib/data/session/current-user";
import { startSync } from "@/lib/data/sync/start-sync";
import { type SyncContext, SyncEngine } from "@/lib/data/sync/sync-engine";
import type { CheckIn, CheckInInput } from "@/lib/domain/check-in";
import { PREDICTION_TYPES, type Prediction } from "@/lib/domain/prediction";
import type { PredictionOutcome } from "@/lib/predictions/run-predictions";
import { HOUR, skewDeviceClock } from "./support/device-clock";
import { HeldFetch, isRefresh, rest } from "./support/held-fetch";
import { countReads, failNextPut, onNextIndexRead } from "./support/idb-probes";
import { startStackProcess, type StackProcess } from "./support/stack-process";
import { stackClient } from "./support/supabase-client";

/**
 * Issue 18's thirteen defects, one named test each, every race forced at its exact point: a fetch that holds a chosen
 * request until the test lets it go, models that finish when told, the device's clock moved (the stack runs in its own
 * process, so the server keeps real time), IndexedDB probes that count reads or fail a write. Real PostgreSQL, real
 * PostgREST 12.0.2, the real engine, the real local store on fake-indexeddb, real auth-js; only Auth is imitated.
 * Each asserts the correct behaviour; docs/sync-regressions.md says how each failed on main at 7914a79 (with the API
 * of that day: the tests were ported to the engine of docs/sync-design.md section 4 keeping scenario and assertion).
 */

// Supabase mode for the app's own Save and start-sync (lib/env.ts reads these when first imported). The URL is never
// reached: the engines here get the stack's URL through their context; start-sync's (#7) makes no REST request.
vi.hoisted(() => {
  process.env.NEXT_PUBLIC_SUPABASE_URL = "http://127.0.0.1:9";
  process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY = "anon-key-never-sent";
});

/** The five models, as a stub that finishes when the test says (the save's slow part on a phone). */
function heldModels() {
  let release!: () => void;
  let started!: (checkIn: CheckIn) => void;
  const startedPromise = new Promise<CheckIn>((resolve) => (started = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const predict = async (checkIn: CheckIn): Promise<PredictionOutcome[]> => {
    started(checkIn);
    await released;
    return PREDICTION_TYPES.map((type) => ({ type, ok: true as const, prediction: prediction(checkIn, type) }));
  };
  return { started: startedPromise, release, predict };
}

function prediction(c: CheckIn, type: Prediction["prediction_type"], label = "steady"): Prediction {
  return {
    id: randomUUID(), user_id: c.user_id, checkin_id: c.id, prediction_type: type, model_name: "m", model_version: "1",
    label, score: 0.5, probabilities: [0.25, 0.5, 0.25], created_at: c.created_at,
  };
}

const PASSWORD = "correct horse battery";
type User = { id: string; email: string };

/** sessionStorage for the form's draft (Node has none). */
class MemoryStorage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, String(v));
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
  clear() {
    this.items.clear();
  }
  values() {
    return [...this.items.values()];
  }
}

describe("issue 18's defects, each forced at its exact point", () => {
  let stack: StackProcess;
  let alice: User;
  let bob: User;
  const cleanups: (() => void)[] = [];
  const engines: SyncEngine[] = [];

  beforeAll(async () => {
    stack = await startStackProcess();
    alice = { email: "alice@example.com", ...(await stack.control.createUser("alice@example.com", PASSWORD)) };
    bob = { email: "bob@example.com", ...(await stack.control.createUser("bob@example.com", PASSWORD)) };
  });
  afterAll(async () => {
    await stack?.stop();
  });
  beforeEach(async () => {
    await resetLocalDbForTests();
    globalThis.indexedDB = new IDBFactory();
    await stack.control.clearFault();
    await stack.control.setAccessTokenTtl(3600);
    // A clean server for each test: no rows, no tombstones, every user's change feed and epoch from the start.
    await stack.control.rows("delete from public.check_ins");
    await stack.control.rows("delete from public.sync_tombstones");
    await stack.control.rows("delete from public.sync_state");
    await stack.control.rows("alter table public.predictions drop constraint if exists test_refuse_prediction");
    await stack.control.clearRequests();
  });
  afterEach(() => {
    for (const engine of engines.splice(0)) engine.stop();
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  });

  // --- helpers -------------------------------------------------------------------------------------------------

  const store = () => browserLocalStore();
  /** A tab: its own auth-js client and fetch (for holding requests), its engine on the device's store. */
  const tab = (ctx: Partial<SyncContext> = {}, net = new HeldFetch(), client = stackClient(stack.url, stack.anonKey, { fetch: net.fetch })) => {
    const engine = new SyncEngine({
      store: store(),
      bus: new ChangeBus(null),
      rest: { url: stack.url, anonKey: stack.anonKey, fetch: net.fetch },
      auth: client.auth,
      locks: null,
      clock: { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
      random: () => 1,
      isOnline: () => true,
      ...ctx,
    });
    engines.push(engine);
    engine.watchAuth(); // as start-sync.ts does
    /** A sign-in in this tab (the form's, or another tab's heard through Auth's events), handled to the end. */
    const signIn = async (user: User): Promise<void> => {
      const { error } = await client.auth.signInWithPassword({ email: user.email, password: PASSWORD });
      if (error) throw error;
      await engine.authIdle();
      await engine.request("never"); // the run the sign-in started
    };
    return { client, net, engine, signIn };
  };
  /** A page that starts with `user` already signed in (the session and account from an earlier visit). */
  const signedIn = async (user: User, ctx: Partial<SyncContext> = {}) => {
    const net = new HeldFetch();
    const client = stackClient(stack.url, stack.anonKey, { fetch: net.fetch });
    const { error } = await client.auth.signInWithPassword({ email: user.email, password: PASSWORD });
    if (error) throw error;
    await setAccount(store(), { userId: user.id, email: user.email, status: "active" });
    const page = tab(ctx, net, client);
    await page.engine.authIdle();
    return page;
  };
  const checkIn = (userId: string, day: number, notes: string | null = null): CheckIn => {
    const d = new Date(Date.UTC(2026, 10, day, 20, 30)).toISOString();
    return { id: randomUUID(), user_id: userId, checkin_date: d, created_at: d, mood: 6, energy: 5, stress: 4, sleep_hours: 7.5, activity_minutes: 20, notes };
  };
  const saveLocally = async (c: CheckIn) => {
    await putLocalCheckIn(store(), c, { queue: true });
    await putLocalPredictions(store(), [prediction(c, "mood_tomorrow")], { queue: true });
  };
  /** Another device's check-ins, straight into PostgreSQL (013's triggers number them). */
  const onServer = async (user: User, n: number, notes: string | null = null): Promise<string[]> =>
    (
      await stack.control.rows<{ id: string }>(
        `insert into public.check_ins (user_id, checkin_date, mood, energy, stress, sleep_hours, notes)
         select $1, timestamptz '2026-10-01 20:00+00' + (g || ' days')::interval, 5, 5, 5, 7.5, $3 from generate_series(1, $2::int) g
         returning id::text`,
        [user.id, n, notes],
      )
    ).map((r) => r.id);
  const serverIds = async (user: User) =>
    (await stack.control.rows<{ id: string }>("select id::text from public.check_ins where user_id = $1 order by id", [user.id])).map((r) => r.id);
  /** The app's Save (lib/data/check-ins/save-check-in.ts) with the page's store and the given models. */
  const save = (engine: SyncEngine, predict: (c: CheckIn) => Promise<PredictionOutcome[]>, input: Partial<CheckInInput> = {}) =>
    saveCheckIn(
      {
        store: store(),
        bus: new ChangeBus(null),
        queue: true,
        getUser: () => getCurrentUser(store()),
        now: () => Date.now(),
        serverOffsetMs: () => engine.tokens.serverOffsetMs(),
        timeZone: "UTC",
        predict,
      },
      { mood: 6, energy: 5, stress: 4, sleep_hours: 7, activity_minutes: 10, notes: null, ...input },
    );
  const clock = (offsetMs: number) => cleanups.push(skewDeviceClock(offsetMs).restore);

  // --- the thirteen --------------------------------------------------------------------------------------------

  it("#1 the unsent count read at the click of Sign out includes a save whose models are still running", async () => {
    // Lib level (the header is UI): Sign out (session-nav.tsx) reads SyncEngine.unsentCount at the click and asks when
    // it is above 0. On main the header read its queue query, refreshed only when the save announced "queue".
    const { engine } = await signedIn(alice);
    expect(await engine.unsentCount(alice.id)).toBe(0);
    const models = heldModels();
    const saving = save(engine, models.predict);
    await models.started; // the check-in is stored and queued; the five models are running
    const atClick = await engine.unsentCount(alice.id);
    models.release();
    await saving;
    expect(atClick).toBe(1);
  });

  it.each(["this tab", "another tab"] as const)("#2 signing out during a pull leaves none of that person's rows or pull position on the device (sign-out in %s)", async (where) => {
    await onServer(alice, 3, "alice's private note");
    const page = await signedIn(alice);
    const other = where === "another tab" ? await signedIn(alice) : page;
    const held = page.net.hold(rest("GET", "check_ins")); // the first page of check-ins, on its way
    const run = page.engine.request("always");
    const request = await held;
    const out = other.engine.signOut({ keepUnsent: false });
    if (where === "another tab") await out; // this tab's pull knows nothing of it
    request.release();
    await Promise.all([out, run]);
    await request.delivered;
    expect.soft(await listAllLocalCheckIns(store(), alice.id)).toEqual([]);
    expect(await getFeedState(store(), alice.id)).toBeNull();
  });

  it("#3 Delete my data racing a push: the upload in flight does not bring the check-in back", async () => {
    const { net, engine } = await signedIn(alice);
    await engine.request("always"); // the device knows the server's epoch
    await saveLocally(checkIn(alice.id, 3));
    // A slow link: the upload has left the engine. The engine may give up on it, but the bytes still arrive, after
    // the server-side delete.
    const upload = net.hold(rest("POST", "rpc/push_changes"), { deliverIfAborted: true });
    const run = engine.request("never");
    const held = await upload;
    const serverDelete = net.hold(rest("POST", "rpc/delete_my_data"));
    const deleting = engine.deleteMyData(alice.id);
    const del = await serverDelete;
    del.release();
    await del.delivered; // the server-side delete is done…
    held.release();
    await held.delivered; // …then the upload lands
    await Promise.all([deleting, run]);
    await engine.request("always"); // the next pull
    expect.soft(await serverIds(alice)).toEqual([]);
    expect(await listAllLocalCheckIns(store(), alice.id)).toEqual([]);
  }, 30_000);

  it.each(["Sign out", "Delete my data"] as const)("#4 %s while the models run leaves no orphan predictions and no queue entry", async (action) => {
    const { engine } = await signedIn(alice);
    await engine.request("always");
    const models = heldModels();
    const saving = save(engine, models.predict, { notes: "saved just before leaving" });
    const saved = await models.started;
    if (action === "Sign out") await engine.signOut({ keepUnsent: false });
    else await engine.deleteMyData(alice.id);
    models.release();
    await saving;
    expect.soft(await listPredictionsOfCheckIn(store(), saved.id)).toEqual([]);
    expect(await listQueue(store(), alice.id)).toEqual([]);
  });

  it("#5 a full pull keeps a check-in saved between its reads of the queue and of the rows", async () => {
    await onServer(alice, 3);
    const { net, engine } = await signedIn(alice);
    const saved = [checkIn(alice.id, 20, "saved during the pull's last request"), checkIn(alice.id, 21, "saved at the pull's read of the queue")];
    // The pull's last request (deletions): one save while it is held; another at the instant the pull reads the
    // queue afterwards (main's pull read the queue, then the rows, and deleted what was in neither).
    const last = net.hold(rest("GET", "sync_tombstones"));
    const run = engine.request("always");
    const held = await last;
    await putLocalCheckIn(store(), saved[0]!, { queue: true });
    let readQueue = false;
    const restore = onNextIndexRead("sync_queue", "user_queued", () => {
      readQueue = true;
      void putLocalCheckIn(store(), saved[1]!, { queue: true });
    });
    held.release();
    await run;
    restore();
    if (!readQueue) await putLocalCheckIn(store(), saved[1]!, { queue: true }); // this pull never reads the queue
    for (const c of saved) {
      expect.soft(await getLocalCheckIn(store(), c.id)).toEqual(c);
      expect.soft(await getQueueEntry(store(), c.id)).toMatchObject({ status: "pending" });
    }
    expect(await serverIds(alice)).toHaveLength(3);
  });

  it("#6 after an account switch, sign-out leaves none of the previous person's notes readable (rows and form draft)", async () => {
    const storage = new MemoryStorage();
    vi.stubGlobal("sessionStorage", storage);
    cleanups.push(() => vi.unstubAllGlobals());
    // The app's wiring: the engine drops this tab's draft whenever a person's data leaves it (sync-context.tsx).
    const { engine, signIn } = tab({ onWiped: clearCheckInDraft });
    await signIn(alice);
    expect(await getAccount(store())).toMatchObject({ userId: alice.id });
    const alices = checkIn(alice.id, 6, "alice's private note");
    await saveLocally(alices);
    await engine.request("never"); // sent: a synced row of Alice's on this device
    // What Alice typed and did not save, as the form keeps it (app/_components/use-check-in-draft.ts).
    const owner = { userId: alice.id, generation: await currentGeneration(store()) };
    storage.setItem("checkin:draft-across-update", JSON.stringify({ owner, values: { mood: "3", energy: "", stress: "", sleep_hours: "", activity_minutes: "", notes: "alice's unsaved draft" } }));
    await signIn(bob); // over Alice's active session
    expect(await getAccount(store())).toMatchObject({ userId: bob.id });
    await engine.signOut({ keepUnsent: false });
    expect.soft((await listAllLocalCheckIns(store(), alice.id)).map((c) => c.notes)).toEqual([]);
    expect(storage.values().filter((v) => v.includes("alice's unsaved draft"))).toEqual([]);
  });

  it("#7 needs-sign-in is quiet: a revoked session ends the run instead of starting another", async () => {
    // The page's own wiring (start-sync.ts) on a session whose refresh token was revoked and whose access token has
    // expired by the device's clock (auth-js keeps a session whose refresh fails while its token is still valid).
    const net = new HeldFetch();
    const client = stackClient(stack.url, stack.anonKey, { fetch: net.fetch });
    const { error } = await client.auth.signInWithPassword({ email: alice.email, password: PASSWORD });
    if (error) throw error;
    await setAccount(store(), { userId: alice.id, email: alice.email, status: "active" });
    await stack.control.revoke(alice.id);
    clock(2 * HOUR);
    const sync = startSync(client);
    cleanups.push(sync.stop);
    let runs = 0; // runs that did something (status "syncing"); a run in needs-sign-in returns before, quietly
    let looping!: () => void;
    const loop = new Promise<"looping">((resolve) => (looping = () => resolve("looping")));
    sync.engine.subscribe((status) => {
      if (status.phase === "syncing") runs += 1;
      if (sync.engine.runCount >= 50) looping();
    });
    const outcome = await Promise.race([sync.engine.request("always").then(() => "settled" as const), loop]);
    await sync.engine.authIdle();
    const sentBefore = net.sent.length;
    await sync.engine.request("never"); // asked again while waiting for a sign-in: nothing goes out
    sync.stop();
    expect.soft(outcome).toBe("settled");
    expect.soft(net.sent.slice(sentBefore).map((r) => `${r.method} ${r.url.pathname}`)).toEqual([]);
    expect(runs).toBeLessThanOrEqual(2);
    expect(await getAccount(store())).toMatchObject({ userId: alice.id, status: "needs-sign-in" });
  });

  it("#8 a device clock 2 h fast refreshes the token at most once per token lifetime", async () => {
    clock(2 * HOUR);
    const { net, engine } = await signedIn(alice);
    for (let i = 0; i < 5; i += 1) await engine.request("always");
    expect(engine.getStatus().phase).toBe("idle");
    expect(net.sent.filter(isRefresh).length).toBeLessThanOrEqual(1);
  });

  it("#9 a device clock 2 h slow still pulls when the server says the token expired (401 → refresh → retry)", async () => {
    const ids = await onServer(alice, 2);
    clock(-2 * HOUR); // auth-js sees the token as valid for hours to come
    const { net, engine } = await signedIn(alice);
    // The server thinks it expired: PostgREST would answer 401 "JWT expired" after its real lifetime (plus PostgREST's
    // 30 s leeway); a 401 from the gateway stands in for that, until the device refreshes its token.
    await stack.control.setFault({ target: "rest", mode: "error", status: 401 });
    net.beforeSend = async (request) => {
      if (isRefresh(request)) await stack.control.clearFault();
    };
    await engine.request("always");
    expect.soft((await listAllLocalCheckIns(store(), alice.id)).map((c) => c.id).sort()).toEqual(ids.sort());
    // One refresh, after the refused request, and the run went on with it. (Whether the retry carried a new token
    // cannot be told here: the Auth imitation mints the same JWT for a refresh within the second of the sign-in.)
    const firstRest = net.sent.findIndex((r) => r.url.pathname.startsWith("/rest/v1/"));
    const refreshes = net.sent.flatMap((r, i) => (isRefresh(r) ? [i] : []));
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]).toBeGreaterThan(firstRest);
    expect(engine.getStatus().phase).toBe("idle");
  });

  it("#10 a storage error in a run (quota) ends in a visible state with a way on, never stuck on syncing", async () => {
    await onServer(alice, 1);
    const { engine } = await signedIn(alice);
    cleanups.push(failNextPut("check_ins"));
    const outcome = await engine.request("always").then(
      () => "resolved",
      (error: unknown) => `rejected: ${String(error)}`,
    );
    expect.soft(outcome).toBe("resolved");
    expect(engine.getStatus().phase).not.toBe("syncing");
    expect(engine.getStatus()).toMatchObject({ phase: "problem", message: expect.stringMatching(/full|storage/i), retryAt: expect.any(Number) });
  });

  it("#11 a refused entry whose check-in is on the server does not make every later pull a full pull", async () => {
    await stack.control.rows("alter table public.predictions add constraint test_refuse_prediction check (label is null or label <> 'server refuses') not valid");
    const { engine } = await signedIn(alice);
    await onServer(alice, 3);
    const c = checkIn(alice.id, 7);
    // The check-in reached the server (its response was lost); its prediction is refused: the entry needs attention.
    await stack.control.rows(
      "insert into public.check_ins (id, user_id, checkin_date, mood, energy, stress, sleep_hours, activity_minutes) values ($1, $2, $3, 6, 5, 4, 7.5, 20)",
      [c.id, alice.id, c.checkin_date],
    );
    await putLocalCheckIn(store(), c, { queue: true });
    await putLocalPredictions(store(), [prediction(c, "mood_tomorrow", "server refuses")], { queue: true });
    await engine.request("always"); // push (refused) and the first, full pull
    expect(await getQueueEntry(store(), c.id)).toMatchObject({ status: "rejected" });
    await onServer(alice, 1); // something new from another device
    await stack.control.clearRequests();
    await engine.request("always"); // a later pull
    const pages = (await stack.control.requests()).filter((r) => r.method === "GET" && r.path === "/rest/v1/check_ins");
    expect(pages.length).toBeGreaterThan(0);
    // Only rows past the device's position: no page starts from the beginning of the history.
    expect(pages.filter((r) => !/change_seq=gt\.[1-9]/.test(r.search)).map((r) => r.search)).toEqual([]);
  });

  it("#12 History's local pages show every check-in once when several share a timestamp across a page boundary", async () => {
    const same = new Date(Date.UTC(2026, 10, 12, 20, 30)).toISOString();
    const rows = [checkIn(alice.id, 13), ...[1, 2, 3].map(() => ({ ...checkIn(alice.id, 12), checkin_date: same, created_at: same })), checkIn(alice.id, 11)];
    for (const r of rows) await putLocalCheckIn(store(), r);
    const seen: string[] = [];
    let cursor: HistoryCursor | null = null;
    for (let page = 0; page < 10; page += 1) {
      const result: Awaited<ReturnType<typeof listLocalCheckIns>> = await listLocalCheckIns(store(), { userId: alice.id, cursor, pageSize: 2 });
      seen.push(...result.items.map((c) => c.id));
      if (result.nextCursor === null) break;
      cursor = result.nextCursor;
    }
    expect(seen.sort()).toEqual(rows.map((r) => r.id).sort());
  });

  it("#13 pushing a queue of 1,600 reads each queue entry a bounded number of times (linear, not quadratic)", async () => {
    const { net, engine } = await signedIn(alice);
    const queued = Array.from({ length: 1_600 }, (_, i) => checkIn(alice.id, 1 + (i % 28)));
    for (const c of queued) await putLocalCheckIn(store(), c, { queue: true });
    const reads = countReads("sync_queue");
    cleanups.push(reads.restore);
    const budget = 4 * queued.length;
    // Past the budget the push is quadratic: stop it there (the network fails) instead of reading 1.28 M entries.
    net.beforeSend = () => {
      if (reads.count() > budget) throw new TypeError(`test: ${reads.count()} queue entries read, budget ${budget}; network cut`);
    };
    await engine.request("never");
    expect.soft(reads.count()).toBeLessThanOrEqual(budget);
    expect((await serverIds(alice)).length).toBe(queued.length);
  });
});
