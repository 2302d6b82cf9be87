import { randomUUID } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSupabaseStack, type SupabaseStack } from "@/tests/stack/start-stack";
import { restAs, userToken } from "./support/rest";
import { claimsFor, createUsers } from "./support/sessions";

type Numbered = { id: string; change_seq: number };

const row = () => ({ id: randomUUID(), mood: 5, energy: 5, stress: 5 });

/**
 * What a device relies on: a reader that sees last_change = L sees every row numbered <= L, now and forever (no row
 * numbered <= L commits later), and the rows it sees are never above a gap that fills in later (a cursor at the
 * highest number seen would jump over it).
 */
function violations(observed: { last: number; visible: Numbered[] }, final: { last: number; rows: Numbered[] }): string[] {
  const seen = new Set(observed.visible.map((r) => r.id));
  const highestSeen = Math.max(0, ...observed.visible.map((r) => r.change_seq));
  const found: string[] = [];
  for (const r of final.rows) {
    if (r.change_seq <= observed.last && !seen.has(r.id)) found.push(`row ${r.change_seq} <= last_change ${observed.last} was not visible yet`);
    if (r.change_seq < highestSeen && !seen.has(r.id)) found.push(`row ${r.change_seq} committed after row ${highestSeen} was visible`);
  }
  if (highestSeen !== observed.last) found.push(`visible rows go up to ${highestSeen}, last_change says ${observed.last}`);
  const highest = Math.max(0, ...final.rows.map((r) => r.change_seq));
  if (final.last !== highest) found.push(`in the end last_change is ${final.last}, the rows go up to ${highest}`);
  return found;
}

// Two writers of one user, one transaction held open after its insert, and a reader in between, all through the real
// PostgREST where a device would be (the held transaction is a direct connection set up exactly as PostgREST sets up
// a request: role authenticated, the JWT claims in request.jwt.claims).
describe("013: the change feed is exact under concurrent writers", () => {
  let stack: SupabaseStack;
  let client: pg.Client;

  beforeAll(async () => {
    stack = await startSupabaseStack();
    client = await stack.db.connect();
  });

  afterAll(async () => {
    await client?.end();
    await stack?.stop();
  });

  async function race(): Promise<string[]> {
    const [user] = (await createUsers(client, [`${randomUUID()}@example.com`])) as [string];
    const device = restAs(stack.url, stack.anonKey, userToken(user, stack.jwtSecret));
    const insert = (rows: unknown[]) => device.post("check_ins", rows);
    const read = async () => {
      const state = (await device.get("sync_state?select=last_change")).body as { last_change: number }[];
      const visible = (await device.get("check_ins?select=id,change_seq&order=change_seq.asc")).body as Numbered[];
      return { last: state[0]?.last_change ?? 0, visible };
    };

    expect((await insert([row()])).status).toBe(201);
    const held = await stack.db.connect();
    try {
      await held.query("begin");
      await held.query("set local role authenticated");
      await held.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(claimsFor("authenticated", user))]);
      await held.query("insert into public.check_ins (user_id, mood, energy, stress) values ($1, 5, 5, 5)", [user]);

      // The second writer: it finishes, or it waits for the held transaction (the per-user counter's row lock).
      let settled = false;
      const second = insert([row(), row()]).finally(() => (settled = true));
      const heldPid = (await held.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
      const waiting = async () =>
        (await client.query("select 1 from pg_stat_activity where wait_event_type = 'Lock' and pid <> $1", [heldPid])).rowCount! > 0;
      while (!settled && !(await waiting())) await new Promise((resolve) => setTimeout(resolve, 10));

      const observed = await read();
      await held.query("commit");
      expect((await second).status).toBe(201);
      const final = await client.query<{ id: string; change_seq: string }>("select id, change_seq from public.check_ins where user_id = $1", [user]);
      const last = await client.query<{ last_change: string }>("select last_change from public.sync_state where user_id = $1", [user]);
      return violations(observed, {
        last: Number(last.rows[0]?.last_change ?? 0),
        rows: final.rows.map((r) => ({ id: r.id, change_seq: Number(r.change_seq) })),
      });
    } finally {
      await held.end();
    }
  }

  it("a reader that sees last_change = L sees every row numbered <= L, while another writer's transaction is open", async () => {
    expect(await race()).toEqual([]);
  });

  it("the same race finds the gap when next_change hands out numbers from one global sequence", async () => {
    const original = (await client.query<{ def: string }>("select pg_get_functiondef('public.next_change(uuid)'::regprocedure) as def")).rows[0]!.def;
    await client.query("create sequence if not exists public.global_change_seq");
    await client.query(`create or replace function public.next_change(p_user uuid) returns bigint language sql security definer set search_path = ''
                        as $$ select nextval('public.global_change_seq') $$`);
    try {
      const found = await race();
      expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/committed after row \d+ was visible/)]));
    } finally {
      await client.query(original);
      await client.query("drop sequence public.global_change_seq");
    }
  });
});
