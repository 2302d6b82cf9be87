import "fake-indexeddb/auto";
import { randomUUID } from "node:crypto";
import { IDBFactory } from "fake-indexeddb";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { checkInMutationOptions } from "@/lib/data/check-ins/check-in-mutation";
import { QueryClient } from "@tanstack/react-query";
import { onDataChanged } from "@/lib/data/local/data-changes";
import { getLocalCheckIn, listAllLocalCheckIns, listLocalCheckIns, putLocalCheckIn } from "@/lib/data/local/local-check-ins";
import { resetLocalDbForTests } from "@/lib/data/local/local-db";
import { getMeta } from "@/lib/data/local/local-meta";
import { listPredictionsOfCheckIn, putLocalPredictions } from "@/lib/data/local/local-predictions";
import { getQueueEntry, listQueue } from "@/lib/data/local/local-sync-queue";
import { pullStateKey } from "@/lib/data/local/local-wipe";
import { type Account, getAccount, setAccount } from "@/lib/data/session/account";
import { signOut } from "@/lib/data/session/sign-out";
import { watchAuth } from "@/lib/data/session/watch-auth";
import { queueQueryOptions } from "@/lib/data/sync/queue-query";
import { startSync } from "@/lib/data/sync/start-sync";
import { SyncEngine } from "@/lib/data/sync/sync-engine";
import { deleteUserData } from "@/lib/data/your-data/delete-data";
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
 * Each asserts the correct behaviour; docs/sync-regressions.md says how each failed on main at 7914a79.
 */

// Supabase mode for the app's own Save (lib/env.ts reads these when first imported).
vi.hoisted(() => {
  process.env.NEXT_PUBLIC_SUPABASE_URL = "http://127.0.0.1:9";
  process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY = "anon-key-of-the-save-only";
});

/** The five models, replaced by a stub that finishes when the test says (the save's slow part on a phone). */
const models = vi.hoisted(() => {
  type Gate = { started: (checkIn: unknown) => void; released: Promise<void> };
  const gates: Gate[] = [];
  return {
    outcomes: (_checkIn: unknown): unknown[] => [],
    /** The next save's models start, then wait for `release()`. */
    hold() {
      let release!: () => void;
      let started!: (checkIn: unknown) => void;
      const startedPromise = new Promise<unknown>((resolve) => (started = resolve));
      gates.push({ started, released: new Promise<void>((resolve) => (release = resolve)) });
      return { started: startedPromise, release };
    },
    async run(checkIn: unknown): Promise<unknown[]> {
      const gate = gates.shift();
      if (gate) {
        gate.started(checkIn);
        await gate.released;
      }
      return this.outcomes(checkIn);
    },
  };
});
vi.mock("@/lib/predictions/load-registry", () => ({ loadModelRegistry: async () => ({}) }));
vi.mock("@/lib/predictions/run-predictions", () => ({ runPredictions: (p: { checkIn: unknown }) => models.run(p.checkIn) }));

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
    await stack.control.rows("delete from public.check_ins");
    await stack.control.rows("alter table public.predictions drop constraint if exists test_refuse_prediction");
    await stack.control.clearRequests();
    models.outcomes = predictionOutcomes;
  });
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  });

  // --- helpers -------------------------------------------------------------------------------------------------

  const newClient = () => {
    const net = new HeldFetch();
    return { client: stackClient(stack.url, stack.anonKey, { fetch: net.fetch }), net };
  };
  const signedIn = async (user: User) => {
    const { client, net } = newClient();
    const { error } = await client.auth.signInWithPassword({ email: user.email, password: PASSWORD });
    if (error) throw error;
    await setAccount({ userId: user.id, email: user.email, status: "active" });
    return { client, net };
  };
  const engineFor = (client: ReturnType<typeof stackClient>) =>
    new SyncEngine({
      client,
      getAccount,
      markNeedsSignIn: async (userId) => {
        const a = await getAccount();
        if (a?.userId === userId) await setAccount({ ...a, status: "needs-sign-in" } satisfies Account);
      },
      locks: null,
      random: () => 1,
    });
  const checkIn = (userId: string, day: number, notes: string | null = null): CheckIn => {
    const d = new Date(Date.UTC(2026, 10, day, 20, 30)).toISOString();
    return { id: randomUUID(), user_id: userId, checkin_date: d, created_at: d, mood: 6, energy: 5, stress: 4, sleep_hours: 7.5, activity_minutes: 20, notes };
  };
  const prediction = (c: CheckIn, type: Prediction["prediction_type"], label = "steady"): Prediction => ({
    id: randomUUID(), user_id: c.user_id, checkin_id: c.id, prediction_type: type, model_name: "m", model_version: "1",
    label, score: 0.5, probabilities: [0.25, 0.5, 0.25], created_at: c.created_at,
  });
  function predictionOutcomes(c: unknown): PredictionOutcome[] {
    return PREDICTION_TYPES.map((type) => ({ type, ok: true as const, prediction: prediction(c as CheckIn, type) }));
  }
  const saveLocally = async (c: CheckIn) => {
    await putLocalCheckIn(c, { queue: true });
    await putLocalPredictions([prediction(c, "mood_tomorrow")], { queue: true });
  };
  /** Another device's check-ins, straight into PostgreSQL. */
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
  /** The app's Save (check-in-mutation.ts), without React. */
  const save = (input: Partial<CheckInInput> = {}) =>
    checkInMutationOptions(new QueryClient()).mutationFn!({ mood: 6, energy: 5, stress: 4, sleep_hours: 7, activity_minutes: 10, notes: null, ...input }, {} as never);
  const clock = (offsetMs: number) => cleanups.push(skewDeviceClock(offsetMs).restore);

  // --- the thirteen --------------------------------------------------------------------------------------------

  it("#1 the unsent count read at the click of Sign out includes a save whose models are still running", async () => {
    // Lib level (the header is UI): on main the header (session-nav.tsx) shows the pending + refused count of its queue
    // query, which DataChangeListener refetches on a "queue" or "account" change; `headerCount` is that, without React.
    // Sign out asks only when the count at the click is above 0.
    await signedIn(alice);
    let shown = unsentNow(alice.id);
    cleanups.push(onDataChanged((change) => void (change !== "rows" && (shown = unsentNow(alice.id)))));
    const headerCount = () => shown;
    expect(await headerCount()).toBe(0);

    const models1 = models.hold();
    const saving = save();
    await models1.started; // the check-in is stored and queued; the five models are running
    const atClick = await headerCount();
    models1.release();
    await saving;
    expect(atClick).toBe(1);
  });

  it("#2 signing out during a pull leaves none of that person's rows or pull position on the device", async () => {
    await onServer(alice, 3, "alice's private note");
    const { client, net } = await signedIn(alice);
    const engine = engineFor(client);
    const page = net.hold(rest("GET", "predictions")); // the first page's check-ins are read, not yet stored
    const run = engine.request("always");
    const held = await page;
    await signOut(client, { keepUnsent: false });
    held.release();
    await run;
    engine.stop();
    expect.soft(await listAllLocalCheckIns(alice.id)).toEqual([]);
    expect(await getMeta(pullStateKey(alice.id), (v): v is unknown => v !== undefined)).toBeUndefined();
  });

  it("#3 Delete my data racing a push: the upload in flight does not bring the check-in back", async () => {
    const { client, net } = await signedIn(alice);
    await saveLocally(checkIn(alice.id, 3));
    const engine = engineFor(client);
    const upload = net.hold(rest("POST", "check_ins")); // a slow link: the upsert has left the engine, not the device
    const run = engine.request("never");
    const held = await upload;
    await deleteUserData({ userId: alice.id, client });
    held.release();
    await run;
    await engine.request("always"); // the next pull
    engine.stop();
    expect.soft(await serverIds(alice)).toEqual([]);
    expect(await listAllLocalCheckIns(alice.id)).toEqual([]);
  });

  it.each(["Sign out", "Delete my data"] as const)("#4 %s while the models run leaves no orphan predictions and no queue entry", async (action) => {
    const { client } = await signedIn(alice);
    const running = models.hold();
    const saving = save({ notes: "saved just before leaving" });
    const saved = (await running.started) as CheckIn;
    if (action === "Sign out") await signOut(client, { keepUnsent: false });
    else await deleteUserData({ userId: alice.id, client });
    running.release();
    await saving;
    expect.soft(await listPredictionsOfCheckIn(saved.id)).toEqual([]);
    expect(await listQueue(alice.id)).toEqual([]);
  });

  it("#5 a full pull keeps a check-in saved between its reads of the queue and of the rows", async () => {
    await onServer(alice, 3);
    const { client, net } = await signedIn(alice);
    const engine = engineFor(client);
    const saved = checkIn(alice.id, 20, "saved during the pull");
    // The pull's last request: when it is answered, the pull reads the queue, then the rows. The save lands in between.
    const last = net.hold(rest("GET", "predictions"));
    const run = engine.request("always");
    const held = await last;
    cleanups.push(onNextIndexRead("sync_queue", "user_queued", () => void putLocalCheckIn(saved, { queue: true })));
    held.release();
    await run;
    engine.stop();
    expect.soft(await getLocalCheckIn(saved.id)).toEqual(saved);
    expect(await getQueueEntry(saved.id)).toMatchObject({ status: "pending" });
  });

  it("#6 after an account switch, sign-out leaves none of the previous person's notes readable (rows and form draft)", async () => {
    const storage = new MemoryStorage();
    vi.stubGlobal("sessionStorage", storage);
    cleanups.push(() => vi.unstubAllGlobals());
    const { client } = newClient();
    const watcher = watchAuth(client, () => {});
    cleanups.push(watcher);
    const signIn = async (user: User) => {
      const { error } = await client.auth.signInWithPassword({ email: user.email, password: PASSWORD });
      if (error) throw error;
      await watcher.idle();
    };
    await signIn(alice);
    const alices = checkIn(alice.id, 6, "alice's private note");
    await saveLocally(alices);
    await engineFor(client).request("never"); // sent: a synced row of Alice's on this device
    // What Alice typed and did not save, as the form keeps it (app/_components/use-check-in-draft.ts).
    storage.setItem("checkin:draft-across-update", JSON.stringify({ mood: "3", energy: "", stress: "", sleep_hours: "", activity_minutes: "", notes: "alice's unsaved draft" }));
    await signIn(bob); // over Alice's active session
    expect(await getAccount()).toMatchObject({ userId: bob.id });
    await signOut(client, { keepUnsent: false });
    expect.soft((await listAllLocalCheckIns(alice.id)).map((c) => c.notes)).toEqual([]);
    expect(storage.values().filter((v) => v.includes("alice's unsaved draft"))).toEqual([]);
  });

  it("#7 needs-sign-in is quiet: a revoked session ends the run instead of starting another", async () => {
    const { client } = await signedIn(alice);
    await stack.control.revoke(alice.id);
    clock(2 * HOUR); // the access token has expired: the refresh is refused, the person must sign in again
    // startSync (the page's wiring) needs a window, a document and navigator.onLine.
    vi.stubGlobal("window", new EventTarget());
    vi.stubGlobal("document", Object.assign(new EventTarget(), { visibilityState: "visible" }));
    vi.stubGlobal("navigator", { onLine: true });
    cleanups.push(() => vi.unstubAllGlobals());
    const sync = startSync(client);
    cleanups.push(sync.stop);
    let runs = 0;
    let looping!: () => void;
    const loop = new Promise<"looping">((resolve) => (looping = () => resolve("looping")));
    sync.engine.subscribe((status) => {
      if (status.phase === "syncing") runs += 1;
      if (runs >= 50) looping();
    });
    const outcome = await Promise.race([sync.engine.request("always").then(() => "settled" as const), loop]);
    sync.stop();
    expect.soft(outcome).toBe("settled");
    expect(runs).toBeLessThanOrEqual(2);
    expect(await getAccount()).toMatchObject({ userId: alice.id, status: "needs-sign-in" });
  });

  it("#8 a device clock 2 h fast refreshes the token at most once per token lifetime", async () => {
    const { client, net } = await signedIn(alice);
    clock(2 * HOUR);
    const engine = engineFor(client);
    for (let i = 0; i < 5; i += 1) await engine.request("never");
    engine.stop();
    expect(net.sent.filter(isRefresh).length).toBeLessThanOrEqual(1);
  });

  it("#9 a device clock 2 h slow still pulls when the server says the token expired (401 → refresh → retry)", async () => {
    const ids = await onServer(alice, 2);
    const { client, net } = await signedIn(alice);
    clock(-2 * HOUR); // auth-js sees the token as valid for hours to come
    // The server thinks it expired: PostgREST would answer 401 "JWT expired" after its real lifetime (plus PostgREST's
    // 30 s leeway); a 401 from the gateway stands in for that, until the device refreshes its token.
    await stack.control.setFault({ target: "rest", mode: "error", status: 401 });
    net.beforeSend = async (request) => {
      if (isRefresh(request)) await stack.control.clearFault();
    };
    const engine = engineFor(client);
    await engine.request("always");
    engine.stop();
    expect((await listAllLocalCheckIns(alice.id)).map((c) => c.id).sort()).toEqual(ids.sort());
  });

  it("#10 a storage error in a run (quota) ends in a visible state with a way on, never stuck on syncing", async () => {
    await onServer(alice, 1);
    const { client } = await signedIn(alice);
    const engine = engineFor(client);
    cleanups.push(failNextPut("check_ins"));
    const outcome = await engine.request("always").then(
      () => "resolved",
      (error: unknown) => `rejected: ${String(error)}`,
    );
    engine.stop();
    expect.soft(outcome).toBe("resolved");
    expect(engine.getStatus().phase).not.toBe("syncing");
    expect(["waiting", "problem"]).toContain(engine.getStatus().phase);
  });

  it("#11 a refused entry whose check-in is on the server does not make every later pull a full pull", async () => {
    await stack.control.rows("alter table public.predictions add constraint test_refuse_prediction check (label is null or label <> 'server refuses') not valid");
    const { client } = await signedIn(alice);
    await onServer(alice, 3);
    const c = checkIn(alice.id, 7);
    // The check-in reached the server (its response was lost); its prediction is refused: the entry needs attention.
    await stack.control.rows(
      "insert into public.check_ins (id, user_id, checkin_date, mood, energy, stress, sleep_hours, activity_minutes) values ($1, $2, $3, 6, 5, 4, 7.5, 20)",
      [c.id, alice.id, c.checkin_date],
    );
    await putLocalCheckIn(c, { queue: true });
    await putLocalPredictions([prediction(c, "mood_tomorrow", "server refuses")], { queue: true });
    const engine = engineFor(client);
    await engine.request("always"); // push (refused) and the first, full pull
    expect(await getQueueEntry(c.id)).toMatchObject({ status: "rejected" });
    await stack.control.clearRequests();
    await engine.request("always"); // a later pull
    engine.stop();
    const pages = (await stack.control.requests()).filter((r) => r.method === "GET" && r.path === "/rest/v1/check_ins");
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.filter((r) => !/checkin_date=gt\./.test(r.search)).map((r) => r.search)).toEqual([]);
  });

  it("#12 History's local pages show every check-in once when several share a timestamp across a page boundary", async () => {
    const same = new Date(Date.UTC(2026, 10, 12, 20, 30)).toISOString();
    const rows = [checkIn(alice.id, 13), ...[1, 2, 3].map(() => ({ ...checkIn(alice.id, 12), checkin_date: same, created_at: same })), checkIn(alice.id, 11)];
    for (const r of rows) await putLocalCheckIn(r);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const result: Awaited<ReturnType<typeof listLocalCheckIns>> = await listLocalCheckIns({ userId: alice.id, cursor, pageSize: 2 });
      seen.push(...result.items.map((c) => c.id));
      if (result.nextCursor === null) break;
      cursor = result.nextCursor;
    }
    expect(seen.sort()).toEqual(rows.map((r) => r.id).sort());
  });

  it("#13 pushing a queue of 1,600 reads each queue entry a bounded number of times (linear, not quadratic)", async () => {
    const { client, net } = await signedIn(alice);
    const queued = Array.from({ length: 1_600 }, (_, i) => checkIn(alice.id, 1 + (i % 28)));
    for (const c of queued) await putLocalCheckIn(c, { queue: true });
    const reads = countReads("sync_queue");
    cleanups.push(reads.restore);
    const budget = 4 * queued.length;
    // Past the budget the push is quadratic: stop it there (the network fails) instead of reading 1.28 M entries.
    net.beforeSend = () => {
      if (reads.count() > budget) throw new TypeError(`test: ${reads.count()} queue entries read, budget ${budget}; network cut`);
    };
    const engine = engineFor(client);
    await engine.request("never");
    engine.stop();
    expect.soft(reads.count()).toBeLessThanOrEqual(budget);
    expect((await serverIds(alice)).length).toBe(queued.length);
  });
});

/** Pending + refused entries of the user in the store now (what the header's queue query computes). */
async function unsentNow(userId: string): Promise<number> {
  const view = await queueQueryOptions(userId).queryFn!({} as never);
  return view.pending.length + view.rejected.length;
}
