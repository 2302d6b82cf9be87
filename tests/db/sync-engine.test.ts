import "fake-indexeddb/auto";
import { randomUUID } from "node:crypto";
import { IDBFactory } from "fake-indexeddb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ChangeBus } from "@/lib/data/local/data-changes";
import { currentGeneration } from "@/lib/data/local/generation";
import { listAllLocalCheckIns, putLocalCheckIn } from "@/lib/data/local/local-check-ins";
import { browserLocalStore, resetLocalDbForTests } from "@/lib/data/local/local-db";
import { listPredictionsOfCheckIn, putLocalPredictions } from "@/lib/data/local/local-predictions";
import { listQueue } from "@/lib/data/local/local-sync-queue";
import { getAccount, setAccount } from "@/lib/data/session/account";
import { pullChanges } from "@/lib/data/sync/pull";
import { SyncEngine } from "@/lib/data/sync/sync-engine";
import type { CheckIn } from "@/lib/domain/check-in";
import type { Prediction } from "@/lib/domain/prediction";
import { startSupabaseStack, type SupabaseStack } from "@/tests/stack/start-stack";
import { stackClient } from "./support/supabase-client";

/**
 * The sync engine (lib/data/sync) against real PostgREST 12.0.2 and PostgreSQL with our migrations and RLS; only Auth
 * is imitated (tests/stack). The browser's IndexedDB is fake-indexeddb here; the browser tests
 * (e2e/supabase-sync.spec.ts) run the same code in Chromium.
 */
const PASSWORD = "correct horse battery";

describe("sync engine against real PostgREST", () => {
  let stack: SupabaseStack;
  let alice: { id: string; email: string };
  let bob: { id: string; email: string };

  beforeAll(async () => {
    stack = await startSupabaseStack();
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
    await stack.control.rows("alter table public.check_ins drop constraint if exists test_refuse_marker");
  });

  const signedIn = async (user: { id: string; email: string }) => {
    const client = stackClient(stack.url, stack.anonKey);
    const { error } = await client.auth.signInWithPassword({ email: user.email, password: PASSWORD });
    if (error) throw error;
    await setAccount(store(), { userId: user.id, email: user.email, status: "active" });
    return client;
  };
  const store = () => browserLocalStore();
  const engineFor = (client: ReturnType<typeof stackClient>, random = () => 0) =>
    new SyncEngine({
      store: store(),
      bus: new ChangeBus(null),
      rest: { url: stack.url, anonKey: stack.anonKey, fetch: globalThis.fetch },
      auth: client.auth,
      locks: null,
      clock: { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
      random,
      isOnline: () => true,
    });
  const checkIn = (userId: string, day: number, notes: string | null = null): CheckIn => {
    const d = new Date(Date.UTC(2026, 10, day, 20, 30)).toISOString();
    return { id: randomUUID(), user_id: userId, checkin_date: d, created_at: d, mood: 6, energy: 5, stress: 4, sleep_hours: 7.5, activity_minutes: 20, notes };
  };
  const predictionsFor = (c: CheckIn): Prediction[] =>
    (["mood_tomorrow", "burnout_risk"] as const).map((type, i) => ({
      id: randomUUID(), user_id: c.user_id, checkin_id: c.id, prediction_type: type, model_name: "m", model_version: "1",
      label: "steady", score: 0.5 + i / 10, probabilities: [0.25, 0.5, 0.25], created_at: c.created_at,
    }));
  const saveLocally = async (c: CheckIn) => {
    await putLocalCheckIn(store(), c, { queue: true });
    await putLocalPredictions(store(), predictionsFor(c), { queue: true });
  };
  const serverCounts = async (ids: string[]) =>
    stack.control.rows<{ id: string; n: number; p: number }>(
      "select c.id, count(distinct c.id)::int as n, (select count(*)::int from public.predictions p where p.checkin_id = c.id) as p from public.check_ins c where c.id = any($1::uuid[]) group by c.id order by c.id",
      [ids],
    );

  it("pushes queued check-ins with their predictions exactly once, also when sent twice", async () => {
    const client = await signedIn(alice);
    const rows = [checkIn(alice.id, 1), checkIn(alice.id, 2), checkIn(alice.id, 3)];
    for (const r of rows) await saveLocally(r);
    // The first check-in is already on the server (a response lost after the insert): a duplicate is success.
    await client.from("check_ins").insert({ ...rows[0]!, sleep_hours: 7.5 });
    const engine = engineFor(client);
    const stamps = async (ids: string[]) => {
      const server = await stack.control.rows<{ id: string; created_at: string }>(
        "select id::text as id, to_json(created_at) #>> '{}' as created_at from public.check_ins where id = any($1::uuid[]) union all select id::text, to_json(created_at) #>> '{}' from public.predictions where checkin_id = any($1::uuid[])",
        [ids],
      );
      const local = new Map(
        [...(await listAllLocalCheckIns(store(), alice.id)), ...(await Promise.all(ids.map((id) => listPredictionsOfCheckIn(store(), id)))).flat()].map((r) => [r.id, r.created_at]),
      );
      return { server: server.map((r) => [r.id, new Date(r.created_at).toISOString()]), local: server.map((r) => [r.id, local.get(r.id)]) };
    };
    await engine.request("never");
    expect(await listQueue(store(), alice.id)).toEqual([]);
    // Migration 012 stamps created_at on the server: what a push inserted takes the server's stamp at once…
    const pushed = await stamps([rows[1]!.id, rows[2]!.id]);
    expect(pushed.local).toEqual(pushed.server);
    // …and the duplicate (inserted earlier, elsewhere) with the next pull.
    await engine.request("always");
    const all = await stamps(rows.map((r) => r.id));
    expect(all.local).toEqual(all.server);
    expect(await serverCounts(rows.map((r) => r.id))).toEqual(
      rows.map((r) => ({ id: r.id, n: 1, p: 2 })).sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
  });

  it("sets a refused check-in aside with the server's reason and sends the ones behind it", async () => {
    await stack.control.rows("alter table public.check_ins add constraint test_refuse_marker check (notes is null or notes not like '%server refuses%') not valid");
    const client = await signedIn(alice);
    const refused = checkIn(alice.id, 1, "the server refuses this");
    const after = [checkIn(alice.id, 2), checkIn(alice.id, 3)];
    for (const r of [refused, ...after]) await saveLocally(r);
    await engineFor(client).request("never");
    const queue = await listQueue(store(), alice.id);
    expect(queue.map((e) => [e.checkin_id, e.status, e.rejection?.status, e.rejection?.code])).toEqual([[refused.id, "rejected", 400, "23514"]]);
    expect(queue[0]?.rejection?.reason).toMatch(/test_refuse_marker/);
    expect((await serverCounts(after.map((r) => r.id))).map((r) => r.n)).toEqual([1, 1]);
    // The refused check-in and its predictions are still here, for Retry, Download or Discard.
    expect(await listPredictionsOfCheckIn(store(), refused.id)).toHaveLength(2);
  });

  it("sets a check-in past the day's limit (014: 100 a UTC day) aside under Needs attention with the server's words", async () => {
    const client = await signedIn(alice);
    const day = checkIn(alice.id, 4).checkin_date;
    // 100 check-ins of that day are already on the server (another device sent them; as the owner, so not counted).
    await stack.control.rows(
      "insert into public.check_ins (user_id, checkin_date, mood, energy, stress) select $1, $2::timestamptz, 5, 5, 5 from generate_series(1, 100)",
      [alice.id, day],
    );
    const refused = { ...checkIn(alice.id, 4), checkin_date: day };
    const nextDay = checkIn(alice.id, 5);
    for (const r of [refused, nextDay]) await saveLocally(r);
    await engineFor(client).request("never");
    const queue = await listQueue(store(), alice.id);
    expect(queue.map((e) => [e.checkin_id, e.status, e.rejection?.status, e.rejection?.code])).toEqual([[refused.id, "rejected", 400, "SY429"]]);
    // What Needs attention shows (app/history/_components/needs-attention.tsx renders rejection.reason).
    expect(queue[0]?.rejection?.reason).toBe("Not stored: 2026-11-04 (UTC) already has 100 check-ins, the most one day can hold.");
    expect((await serverCounts([refused.id, nextDay.id])).map((r) => r.n)).toEqual([1]);
  });

  it("backs off on 503 and network failures, keeps the queue, and sends it when the server is back", async () => {
    const client = await signedIn(alice);
    const row = checkIn(alice.id, 4);
    await saveLocally(row);
    await stack.control.setFault({ target: "rest", mode: "error", status: 503 });
    const engine = engineFor(client, () => 1);
    await engine.request("never");
    expect(engine.getStatus()).toMatchObject({ phase: "waiting", message: expect.stringMatching(/503|Service Unavailable|unavailable/i) });
    const [entry] = await listQueue(store(), alice.id);
    expect(entry).toMatchObject({ status: "pending" });
    await stack.control.clearFault();
    await engine.request("never");
    engine.stop();
    expect(await listQueue(store(), alice.id)).toEqual([]);
    expect((await serverCounts([row.id]))[0]).toMatchObject({ n: 1, p: 2 });
  });

  it("never sends one user's queue with another user's session", async () => {
    const aliceClient = await signedIn(alice);
    const alices = checkIn(alice.id, 5);
    await saveLocally(alices);
    // Bob signs in on this browser before Alice's row went out: the account is Bob's, Alice's entry stays hers.
    const bobClient = await signedIn(bob);
    await engineFor(bobClient).request("never");
    expect(await serverCounts([alices.id])).toEqual([]);
    expect((await listQueue(store(), alice.id)).map((e) => e.status)).toEqual(["pending"]);
    const sent = await stack.control.requests();
    expect(sent.filter((r) => r.method === "POST" && r.path.startsWith("/rest/v1/") && r.sub === bob.id)).toEqual([]);
    // Alice again: her row goes, with her token.
    await setAccount(store(), { userId: alice.id, email: alice.email, status: "active" });
    await engineFor(aliceClient).request("never");
    expect((await serverCounts([alices.id]))[0]).toMatchObject({ n: 1, p: 2 });
  });

  it("asks the person to sign in again when the refresh token is revoked, and keeps the queue", async () => {
    await stack.control.setAccessTokenTtl(1);
    const client = await signedIn(alice);
    await saveLocally(checkIn(alice.id, 6));
    await stack.control.revoke(alice.id);
    await new Promise((r) => setTimeout(r, 2_100));
    await engineFor(client).request("never");
    expect(await getAccount(store())).toMatchObject({ userId: alice.id, status: "needs-sign-in" });
    expect((await listQueue(store(), alice.id)).map((e) => e.status)).toEqual(["pending"]);
  });

  it("pulls a new device's whole history by the change feed, then only what changed, and drops rows deleted elsewhere", async () => {
    const client = await signedIn(alice);
    await stack.control.rows(
      `insert into public.check_ins (id, user_id, checkin_date, created_at, mood, energy, stress, sleep_hours)
       select gen_random_uuid(), $1, timestamptz '2025-06-01 20:00+00' + (n || ' days')::interval, now(), 1 + n % 10, 5, 5, 7.5
       from generate_series(1, 250) as n`,
      [alice.id],
    );
    await stack.control.rows(
      `insert into public.predictions (user_id, checkin_id, prediction_type, model_name, model_version, label, score)
       select user_id, id, 'mood_tomorrow', 'm', '1', 'steady', 0.5 from public.check_ins where user_id = $1`,
      [alice.id],
    );
    const token = (await client.auth.getSession()).data.session!.access_token;
    const transport = { url: stack.url, anonKey: stack.anonKey, fetch: globalThis.fetch };
    const pull = async () => pullChanges({ store: store(), transport, token, userId: alice.id, generation: await currentGeneration(store()) });
    const first = await pull();
    expect(first).toMatchObject({ changed: 500, epochChanged: false }); // 250 check-ins and their 250 predictions
    const local = await listAllLocalCheckIns(store(), alice.id);
    expect(local).toHaveLength(250);
    expect(local[0]!.checkin_date).toBe("2026-02-06T20:00:00.000Z");
    expect(await listPredictionsOfCheckIn(store(), local[0]!.id)).toHaveLength(1);

    // Nothing new: one read of sync_state, no page.
    const before = (await stack.control.requests()).length;
    expect(await pull()).toMatchObject({ changed: 0, epochChanged: false });
    const reads = (await stack.control.requests()).slice(before).filter((r) => r.method === "GET");
    expect(reads.map((r) => r.path)).toEqual(["/rest/v1/sync_state"]);

    // Another device pushed, late, a check-in it made offline long ago, and two others were deleted.
    const late = randomUUID();
    await stack.control.rows("insert into public.check_ins (id, user_id, checkin_date, mood, energy, stress) values ($1, $2, '2025-06-15 08:00+00', 3, 3, 9)", [late, alice.id]);
    await stack.control.rows("delete from public.check_ins where id = any($1::uuid[])", [[local[0]!.id, local[1]!.id]]);
    const mark = (await stack.control.requests()).length;
    expect(await pull()).toMatchObject({ changed: 3 });
    const after = await listAllLocalCheckIns(store(), alice.id);
    expect(after).toHaveLength(249);
    expect(after.some((c) => c.id === late)).toBe(true);
    // Keyset on change_seq past the cursor: no full read.
    const pages = (await stack.control.requests()).slice(mark).filter((r) => r.path === "/rest/v1/check_ins");
    expect(pages.every((r) => /change_seq=gt\.[1-9]/.test(r.search))).toBe(true);
  });

  it("Delete my data removes the person's rows on the server and here, and another device follows", async () => {
    const client = await signedIn(alice);
    const rows = [checkIn(alice.id, 7), checkIn(alice.id, 8)];
    for (const r of rows) await saveLocally(r);
    const engine = engineFor(client);
    await engine.request("always");
    expect((await serverCounts(rows.map((r) => r.id))).map((r) => r.n)).toEqual([1, 1]);
    await engine.deleteMyData(alice.id);
    expect(await serverCounts(rows.map((r) => r.id))).toEqual([]);
    expect(await listAllLocalCheckIns(store(), alice.id)).toEqual([]);
    await engine.request("always");
    expect(await listAllLocalCheckIns(store(), alice.id)).toEqual([]);
  });
});
