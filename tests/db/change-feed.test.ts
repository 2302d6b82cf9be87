import { randomUUID } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSupabaseStack, type SupabaseStack } from "@/tests/stack/start-stack";
import { restAs, userToken, type RestAs } from "./support/rest";
import { createUsers } from "./support/sessions";

type Stamp = { id: string; created_at: string; change_seq: number };
type PushReply = { epoch: number; check_ins: Stamp[]; predictions: Stamp[] };

/** A check-in as the device sends it (all ten columns), with a change_seq the server must ignore. */
const checkIn = (userId: string, fields: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  user_id: userId,
  checkin_date: "2026-11-30T08:00:00.000Z",
  mood: 6,
  energy: 5,
  stress: 4,
  sleep_hours: 7.5,
  activity_minutes: 30,
  notes: null,
  created_at: "2001-01-01T00:00:00.000Z",
  change_seq: 999_999,
  ...fields,
});

const prediction = (userId: string, checkinId: string, fields: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  user_id: userId,
  checkin_id: checkinId,
  prediction_type: "burnout_risk",
  model_name: "lgbm_burnout_v1",
  model_version: "1",
  label: "no",
  score: 0.8,
  probabilities: [0.8, 0.2],
  created_at: "2001-01-01T00:00:00.000Z",
  change_seq: 999_999,
  ...fields,
});

// Migration 013 through the real PostgREST 12 as real users (tokens signed with the stack's secret), on real
// PostgreSQL: what docs/sync-design.md section 1 promises the device.
describe("013 change feed through PostgREST", () => {
  let stack: SupabaseStack;
  let client: pg.Client;
  let alice: string;
  let bob: string;
  let asAlice: RestAs;
  let asBob: RestAs;
  let anon: RestAs;

  const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[];
  const state = async (userId: string) => (await q<{ last_change: string; epoch: string }>("select last_change, epoch from public.sync_state where user_id = $1", [userId]))[0];
  const counts = async (userId: string) =>
    (
      await q(
        `select (select count(*)::int from public.check_ins where user_id = $1) as check_ins,
                (select count(*)::int from public.predictions where user_id = $1) as predictions,
                (select count(*)::int from public.sync_tombstones where user_id = $1) as tombstones`,
        [userId],
      )
    )[0];
  /** `request`'s reply, or a rejection as soon as any backend is seen waiting for a row lock (it would wait forever). */
  const untilLockWait = async <T>(request: Promise<T>): Promise<T> => {
    let settled = false;
    const watch = async (): Promise<never> => {
      const watcher = await stack.db.connect();
      try {
        while (!settled) {
          const waiting = await watcher.query("select query from pg_stat_activity where wait_event_type = 'Lock'");
          if (waiting.rows.length > 0) throw new Error(`a request waited for a lock: ${JSON.stringify(waiting.rows)}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } finally {
        await watcher.end();
      }
      return new Promise<never>(() => undefined);
    };
    try {
      return await Promise.race([request, watch()]);
    } finally {
      settled = true;
    }
  };
  const push = (as: RestAs, epoch: number, checkIns: unknown[], predictions: unknown[] = []) =>
    as.post("rpc/push_changes", { p_epoch: epoch, p_check_ins: checkIns, p_predictions: predictions });

  beforeAll(async () => {
    stack = await startSupabaseStack();
    client = await stack.db.connect();
    [alice, bob] = (await createUsers(client, ["alice@example.com", "bob@example.com"])) as [string, string];
    asAlice = restAs(stack.url, stack.anonKey, userToken(alice, stack.jwtSecret));
    asBob = restAs(stack.url, stack.anonKey, userToken(bob, stack.jwtSecret));
    anon = restAs(stack.url, stack.anonKey, null);
  });

  afterAll(async () => {
    await client?.end();
    await stack?.stop();
  });

  it("numbers every insert and update from the user's own counter, strictly increasing, whatever the client sends", async () => {
    const rows = [checkIn(alice), checkIn(alice), checkIn(alice)];
    const inserted = await asAlice.post("check_ins?select=id,change_seq", rows, { prefer: "return=representation" });
    expect(inserted.status).toBe(201);
    const seqs = (inserted.body as { change_seq: number }[]).map((r) => r.change_seq);
    expect(seqs).toEqual([1, 2, 3]);
    // Bob's counter is his own: his first row is number 1 too.
    const bobs = await asBob.post("check_ins?select=change_seq", [checkIn(bob)], { prefer: "return=representation" });
    expect(bobs.body).toEqual([{ change_seq: 1 }]);
    const predicted = await asAlice.post("predictions?select=change_seq", [prediction(alice, rows[0]!.id)], { prefer: "return=representation" });
    expect(predicted.body).toEqual([{ change_seq: 4 }]);

    // An edit is a change too: the row moves to the next number, so other devices pull the new values.
    const patched = await fetch(`${stack.url}/rest/v1/check_ins?id=eq.${rows[1]!.id}&select=mood,change_seq`, {
      method: "PATCH",
      headers: { ...asAlice.headers(), "content-type": "application/json", prefer: "return=representation" },
      body: JSON.stringify({ mood: 9 }),
    });
    expect(await patched.json()).toEqual([{ mood: 9, change_seq: 5 }]);
    // …and a client cannot set the number itself (012's column privileges do not include it).
    const forged = await fetch(`${stack.url}/rest/v1/check_ins?id=eq.${rows[1]!.id}`, {
      method: "PATCH",
      headers: { ...asAlice.headers(), "content-type": "application/json" },
      body: JSON.stringify({ change_seq: 1_000_000 }),
    });
    expect([forged.status, ((await forged.json()) as { code: string }).code]).toEqual([403, "42501"]);

    expect(await asAlice.get("sync_state?select=epoch,last_change")).toEqual({ status: 200, body: [{ epoch: 0, last_change: 5 }] });
  });

  it("turns a deleted check-in into a tombstone with the next number; its predictions go with it", async () => {
    const [row] = (await q<{ id: string }>("select id from public.check_ins where user_id = $1 order by change_seq limit 1", [alice])) as [{ id: string }];
    const before = Number((await state(alice))!.last_change);
    const deleted = await fetch(`${stack.url}/rest/v1/check_ins?id=eq.${row.id}`, { method: "DELETE", headers: asAlice.headers() });
    expect(deleted.status).toBe(204);
    expect(await asAlice.get("sync_tombstones?select=checkin_id,change_seq")).toEqual({
      status: 200,
      body: [{ checkin_id: row.id, change_seq: before + 1 }],
    });
    expect(await q("select id from public.predictions where checkin_id = $1", [row.id])).toEqual([]);
    expect(Number((await state(alice))!.last_change)).toBe(before + 1);
  });

  it("push_changes inserts a batch in order and returns each new row's server stamps", async () => {
    const { epoch, last_change } = (await state(alice))!;
    const rows = [checkIn(alice, { notes: "first" }), checkIn(alice, { notes: "second" })];
    const preds = [prediction(alice, rows[0]!.id), prediction(alice, rows[1]!.id, { prediction_type: "energy_dip" })];
    const started = Date.now();
    const reply = await push(asAlice, Number(epoch), rows, preds);
    expect(reply.status).toBe(200);
    const body = reply.body as PushReply;
    const first = Number(last_change) + 1;
    expect(body).toEqual({
      epoch: Number(epoch),
      check_ins: rows.map((r, i) => ({ id: r.id, created_at: expect.any(String), change_seq: first + i })),
      predictions: preds.map((p, i) => ({ id: p.id, created_at: expect.any(String), change_seq: first + 2 + i })),
    });
    // created_at is the server's (012), not the 2001 the device sent; change_seq is the counter's, not 999999.
    for (const stamp of [...body.check_ins, ...body.predictions]) expect(Math.abs(Date.parse(stamp.created_at) - started)).toBeLessThan(60_000);
    const stored = await q<{ id: string; change_seq: string; created_at: Date; notes: string }>(
      "select id, change_seq, created_at, notes from public.check_ins where id = any($1) order by change_seq",
      [rows.map((r) => r.id)],
    );
    expect(stored.map((s) => [s.id, Number(s.change_seq), s.notes])).toEqual(rows.map((r, i) => [r.id, first + i, r.notes]));
    // The stamp's text is PostgREST's own rendering of the column, so a pull and a push agree byte for byte.
    const pulled = await asAlice.get(`check_ins?select=id,created_at&id=eq.${rows[0]!.id}`);
    expect(pulled.body).toEqual([{ id: rows[0]!.id, created_at: body.check_ins[0]!.created_at }]);
  });

  it("push_changes: an id already stored is a success and returns nothing for it", async () => {
    const { epoch } = (await state(alice))!;
    const row = checkIn(alice);
    const pred = prediction(alice, row.id);
    await push(asAlice, Number(epoch), [row], [pred]);
    const again = await push(asAlice, Number(epoch), [row, checkIn(alice, { id: row.id, mood: 1 })], [pred]);
    expect(again).toEqual({ status: 200, body: { epoch: Number(epoch), check_ins: [], predictions: [] } });
    const fresh = checkIn(alice);
    const mixed = await push(asAlice, Number(epoch), [row, fresh], [pred]);
    expect((mixed.body as PushReply).check_ins.map((s) => s.id)).toEqual([fresh.id]);
    expect(await q("select mood from public.check_ins where id = $1", [row.id])).toEqual([{ mood: row.mood }]);
  });

  it("push_changes with a stale epoch answers 400 SY409 and writes nothing", async () => {
    const before = { state: await state(alice), counts: await counts(alice) };
    const reply = await push(asAlice, Number(before.state!.epoch) + 7, [checkIn(alice)], []);
    expect(reply).toEqual({
      status: 400,
      body: { code: "SY409", details: null, hint: null, message: "Your data was deleted on another device." },
    });
    expect({ state: await state(alice), counts: await counts(alice) }).toEqual(before);
  });

  it("push_changes: a CHECK violation anywhere in the batch refuses the whole batch and writes nothing", async () => {
    const before = { state: await state(alice), counts: await counts(alice) };
    const { epoch } = before.state!;
    const good = checkIn(alice);
    const badCheckIn = await push(asAlice, Number(epoch), [good, checkIn(alice), checkIn(alice, { mood: 11 })], [prediction(alice, good.id)]);
    expect(badCheckIn.status).toBe(400);
    expect(badCheckIn.body).toMatchObject({ code: "23514", message: expect.stringContaining("check_ins_mood_range") });
    const badPrediction = await push(asAlice, Number(epoch), [good], [prediction(alice, good.id), prediction(alice, good.id, { prediction_type: "horoscope" })]);
    expect(badPrediction.body).toMatchObject({ code: "23514", message: expect.stringContaining("predictions_prediction_type_known") });
    // 012's future-date CHECK decides inside a batch too.
    const future = await push(asAlice, Number(epoch), [good, checkIn(alice, { checkin_date: "2999-01-01T00:00:00Z" })]);
    expect(future.body).toMatchObject({ code: "23514", message: expect.stringContaining("check_ins_checkin_date_not_future") });
    expect({ state: await state(alice), counts: await counts(alice) }).toEqual(before);
  });

  it("push_changes runs as the user: a forged user_id is refused by RLS, writes nothing and leaves the other user's counter alone", async () => {
    const before = { alice: { state: await state(alice), counts: await counts(alice) }, bob: { state: await state(bob), counts: await counts(bob) } };
    const epoch = Number(before.alice.state!.epoch);
    // Bob's counter row is locked by one of his own writes in flight: a forged row must not even wait for it.
    const bobWriter = await stack.db.connect();
    try {
      await bobWriter.query("begin");
      await bobWriter.query("select 1 from public.sync_state where user_id = $1 for update", [bob]);
      const forged = await untilLockWait(push(asAlice, epoch, [checkIn(alice), checkIn(bob)]));
      expect(forged.status).toBe(403);
      expect(forged.body).toMatchObject({ code: "42501", message: 'new row violates row-level security policy for table "check_ins"' });
    } finally {
      await bobWriter.query("rollback");
      await bobWriter.end();
    }
    // A prediction under Alice's id pointing at Bob's check-in: the two-column foreign key refuses it.
    const [bobsCheckIn] = (await q<{ id: string }>("select id from public.check_ins where user_id = $1 limit 1", [bob])) as [{ id: string }];
    const crossed = await push(asAlice, epoch, [], [prediction(alice, bobsCheckIn.id)]);
    expect([crossed.status, (crossed.body as { code: string }).code]).toEqual([409, "23503"]);
    const forgedPrediction = await push(asAlice, epoch, [], [prediction(bob, bobsCheckIn.id)]);
    expect([forgedPrediction.status, (forgedPrediction.body as { code: string }).code]).toEqual([403, "42501"]);
    expect({ alice: { state: await state(alice), counts: await counts(alice) }, bob: { state: await state(bob), counts: await counts(bob) } }).toEqual(before);
  });

  it("sync_state and sync_tombstones: each user reads only their own rows, and nobody writes them through the API", async () => {
    await fetch(`${stack.url}/rest/v1/check_ins?user_id=eq.${bob}`, { method: "DELETE", headers: asBob.headers() });
    expect((await q("select distinct user_id from public.sync_tombstones order by 1")).length).toBe(2);
    const aliceState = await asAlice.get("sync_state?select=user_id");
    expect(aliceState.body).toEqual([{ user_id: alice }]);
    expect(await asAlice.get(`sync_state?select=user_id&user_id=eq.${bob}`)).toEqual({ status: 200, body: [] });
    const tombstones = (await asAlice.get("sync_tombstones?select=user_id")).body as { user_id: string }[];
    expect(new Set(tombstones.map((t) => t.user_id))).toEqual(new Set([alice]));

    const refused = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${stack.url}/rest/v1/${path}`, {
        method,
        headers: { ...asAlice.headers(), "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return [response.status, ((await response.json()) as { code: string }).code];
    };
    expect(await refused("POST", "sync_state", { user_id: alice, epoch: 0, last_change: 0 })).toEqual([403, "42501"]);
    expect(await refused("PATCH", `sync_state?user_id=eq.${alice}`, { epoch: 0 })).toEqual([403, "42501"]);
    expect(await refused("DELETE", `sync_state?user_id=eq.${alice}`)).toEqual([403, "42501"]);
    expect(await refused("DELETE", `sync_tombstones?user_id=eq.${alice}`)).toEqual([403, "42501"]);
    expect(await refused("POST", "sync_tombstones", { user_id: alice, change_seq: 1_000_000, checkin_id: randomUUID() })).toEqual([403, "42501"]);
    // The counter itself is for the triggers only (it takes any user's id).
    expect(await refused("POST", "rpc/next_change", { p_user: bob })).toEqual([403, "42501"]);
  });

  it("delete_my_data deletes the caller's rows and tombstones without making tombstones, bumps the epoch, and leaves others alone", async () => {
    const bobBefore = { state: await state(bob), counts: await counts(bob) };
    const before = (await state(alice))!;
    expect((await counts(alice))!.check_ins).toBeGreaterThan(0);
    const reply = await asAlice.post("rpc/delete_my_data", {});
    expect(reply).toEqual({ status: 200, body: Number(before.epoch) + 1 });
    expect(await counts(alice)).toEqual({ check_ins: 0, predictions: 0, tombstones: 0 });
    expect(await state(alice)).toEqual({ epoch: String(Number(before.epoch) + 1), last_change: String(Number(before.last_change) + 1) });
    expect({ state: await state(bob), counts: await counts(bob) }).toEqual(bobBefore);

    // A device that has not pulled since is told so, and writes nothing; one that knows the new epoch pushes.
    expect((await push(asAlice, Number(before.epoch), [checkIn(alice)])).body).toMatchObject({ code: "SY409" });
    expect((await counts(alice))!.check_ins).toBe(0);
    const after = await push(asAlice, Number(before.epoch) + 1, [checkIn(alice)]);
    expect((after.body as PushReply).check_ins[0]!.change_seq).toBe(Number(before.last_change) + 2);
  });

  it("delete_my_data for a user who never synced creates their state at epoch 1", async () => {
    const [carol] = (await createUsers(client, ["carol@example.com"])) as [string];
    const asCarol = restAs(stack.url, stack.anonKey, userToken(carol, stack.jwtSecret));
    expect(await asCarol.post("rpc/delete_my_data", {})).toEqual({ status: 200, body: 1 });
    expect(await asCarol.get("sync_state?select=epoch,last_change")).toEqual({ status: 200, body: [{ epoch: 1, last_change: 1 }] });
  });

  it("refuses the anon key everything: the tables, the feed and both functions", async () => {
    for (const path of ["sync_state?select=*", "sync_tombstones?select=*", "check_ins?select=id&change_seq=gt.0"]) {
      const reply = await anon.get(path);
      expect([reply.status, (reply.body as { code: string }).code], path).toEqual([401, "42501"]);
    }
    for (const [path, body] of [
      ["rpc/push_changes", { p_epoch: 0, p_check_ins: [checkIn(alice)], p_predictions: [] }],
      ["rpc/delete_my_data", {}],
      ["rpc/lock_sync_state", {}],
    ] as const) {
      const reply = await anon.post(path, body);
      expect([reply.status, (reply.body as { code: string }).code], path).toEqual([401, "42501"]);
    }
  });

  it("grants signed-in users exactly what the API needs: SELECT on the two tables, EXECUTE on the two RPCs and the lock", async () => {
    const rows = await q<{ role: string; object: string; privilege: string }>(
      `select r.role, o.object, p.privilege
       from unnest(array['anon', 'authenticated', 'service_role']) r(role)
       cross join unnest(array['public.sync_state', 'public.sync_tombstones']) o(object)
       cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p(privilege)
       where has_table_privilege(r.role, o.object, p.privilege)
       union all
       select r.role, f.object, 'EXECUTE'
       from unnest(array['public', 'anon', 'authenticated', 'service_role']) r(role)
       cross join unnest(array['public.next_change(uuid)', 'public.stamp_change_seq()', 'public.record_check_in_tombstone()',
                               'public.lock_sync_state()', 'public.push_changes(bigint, jsonb, jsonb)', 'public.delete_my_data()']) f(object)
       where (r.role = 'public' and exists (select 1 from aclexplode((select proacl from pg_proc where oid = f.object::regprocedure)) a where a.grantee = 0 and a.privilege_type = 'EXECUTE'))
          or (r.role <> 'public' and has_function_privilege(r.role, f.object, 'EXECUTE'))
       order by 1, 2`,
    );
    expect(rows).toEqual([
      { role: "authenticated", object: "public.delete_my_data()", privilege: "EXECUTE" },
      { role: "authenticated", object: "public.lock_sync_state()", privilege: "EXECUTE" },
      { role: "authenticated", object: "public.push_changes(bigint, jsonb, jsonb)", privilege: "EXECUTE" },
      { role: "authenticated", object: "public.sync_state", privilege: "SELECT" },
      { role: "authenticated", object: "public.sync_tombstones", privilege: "SELECT" },
      { role: "service_role", object: "public.sync_state", privilege: "SELECT" },
      { role: "service_role", object: "public.sync_tombstones", privilege: "SELECT" },
    ]);
    const { rows: definers } = await client.query<{ proname: string; prosecdef: boolean; proconfig: string[] }>(
      "select proname, prosecdef, proconfig from pg_proc where pronamespace = 'public'::regnamespace order by proname",
    );
    // Every function pins its search_path; only push_changes runs as the caller (so RLS decides its rows).
    expect(definers.filter((d) => !d.proconfig?.includes('search_path=""'))).toEqual([]);
    expect(definers.filter((d) => !d.prosecdef).map((d) => d.proname)).toEqual(["push_changes", "set_created_at_by_server"]);
  });

  it("deleting a user (their account) removes their check-ins, counter and tombstones without making new ones", async () => {
    const [dave] = (await createUsers(client, ["dave@example.com"])) as [string];
    const asDave = restAs(stack.url, stack.anonKey, userToken(dave, stack.jwtSecret));
    const rows = [checkIn(dave), checkIn(dave)];
    await push(asDave, 0, rows, [prediction(dave, rows[0]!.id)]);
    await fetch(`${stack.url}/rest/v1/check_ins?id=eq.${rows[1]!.id}`, { method: "DELETE", headers: asDave.headers() });
    expect(await counts(dave)).toEqual({ check_ins: 1, predictions: 1, tombstones: 1 });
    await q("delete from auth.users where id = $1", [dave]);
    expect(await counts(dave)).toEqual({ check_ins: 0, predictions: 0, tombstones: 0 });
    expect(await state(dave)).toBeUndefined();
  });
});
