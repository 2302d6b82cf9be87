import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSupabaseStack, type SupabaseStack } from "@/tests/stack/start-stack";
import { restAs } from "./support/rest";
import { stackClient } from "./support/supabase-client";

/**
 * public.delete_my_account() (migration 014) through real PostgREST 12.0.2 and PostgreSQL 17: the caller's auth.users
 * row goes, and with it, by ON DELETE CASCADE, every row of theirs in every table; nobody else's. The Auth imitation
 * then refuses the person's refresh token and password, as GoTrue does once the user is gone.
 */
const PASSWORD = "correct horse battery";
/** Every table with a user_id, and auth.users itself: what a deleted account must leave nothing in. */
const TABLES = ["public.check_ins", "public.predictions", "public.sync_state", "public.sync_tombstones"] as const;

describe("delete_my_account: the person, and every row of theirs, gone; nobody else's", () => {
  let stack: SupabaseStack;

  const counts = async (user: string) =>
    (
      await stack.control.rows<Record<string, number>>(
        `select (select count(*)::int from auth.users where id = $1) as "auth.users", ${TABLES.map((t) => `(select count(*)::int from ${t} where user_id = $1) as "${t}"`).join(", ")}`,
        [user],
      )
    )[0]!;

  /** A signed-in person with two check-ins (predictions included) pushed, one deleted (a tombstone), a sync_state row. */
  const personWithData = async (email: string) => {
    const { id } = await stack.control.createUser(email, PASSWORD);
    const supabase = stackClient(stack.url, stack.anonKey);
    const { data, error } = await supabase.auth.signInWithPassword({ email, password: PASSWORD });
    if (error) throw error;
    const rest = restAs(stack.url, stack.anonKey, data.session.access_token);
    const checkIns = [1, 2].map((day) => ({ id: randomUUID(), user_id: id, checkin_date: `2026-11-0${day}T20:00:00Z`, mood: 5, energy: 5, stress: 5 }));
    const predictions = checkIns.map((c) => ({
      id: randomUUID(), user_id: id, checkin_id: c.id, prediction_type: "energy_dip", model_name: "m", model_version: "1", label: "no", score: 0.6, probabilities: [0.6, 0.4],
    }));
    expect((await rest.post("rpc/push_changes", { p_epoch: 0, p_check_ins: checkIns, p_predictions: predictions })).status).toBe(200);
    const deleted = await fetch(`${stack.url}/rest/v1/check_ins?id=eq.${checkIns[0]!.id}`, { method: "DELETE", headers: rest.headers() });
    expect(deleted.status).toBe(204);
    return { id, email, supabase, rest, refreshToken: data.session.refresh_token };
  };

  beforeAll(async () => {
    stack = await startSupabaseStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("deletes the caller's Auth user and, by cascade, their rows in every table; another person's stay", async () => {
    const alice = await personWithData("alice@example.com");
    const bob = await personWithData("bob@example.com");
    const full = { "auth.users": 1, "public.check_ins": 1, "public.predictions": 1, "public.sync_state": 1, "public.sync_tombstones": 1 };
    expect(await counts(alice.id)).toEqual(full);
    expect(await counts(bob.id)).toEqual(full);

    const reply = await alice.rest.post("rpc/delete_my_account", {});
    expect(reply).toEqual({ status: 204, body: null });

    expect(await counts(alice.id)).toEqual({ "auth.users": 0, "public.check_ins": 0, "public.predictions": 0, "public.sync_state": 0, "public.sync_tombstones": 0 });
    expect(await counts(bob.id)).toEqual(full);

    // Auth forgets the person too: their refresh token and password no longer work.
    const refreshed = await stackClient(stack.url, stack.anonKey).auth.refreshSession({ refresh_token: alice.refreshToken });
    expect(refreshed.error?.code).toBe("refresh_token_not_found");
    const again = await stackClient(stack.url, stack.anonKey).auth.signInWithPassword({ email: alice.email, password: PASSWORD });
    expect(again.error?.code).toBe("invalid_credentials");
    // Bob's session is untouched.
    expect((await bob.supabase.auth.refreshSession({ refresh_token: bob.refreshToken })).error).toBeNull();
  });

  it("is refused to the anon key (401) and does nothing", async () => {
    const carol = await personWithData("carol@example.com");
    const anon = restAs(stack.url, stack.anonKey, null);
    expect(await anon.post("rpc/delete_my_account", {})).toMatchObject({ status: 401, body: { code: "42501", message: "permission denied for function delete_my_account" } });
    expect((await counts(carol.id))["auth.users"]).toBe(1);
  });

  it("has every foreign key to auth.users in public cascade on delete (so no table can hold a deleted person's rows)", async () => {
    const keys = await stack.control.rows<{ table: string; cascades: boolean }>(
      `select conrelid::regclass::text as table, confdeltype = 'c' as cascades from pg_constraint
       where contype = 'f' and confrelid = 'auth.users'::regclass and connamespace = 'public'::regnamespace order by 1`,
    );
    expect(keys).toEqual(TABLES.map((t) => ({ table: t.replace("public.", ""), cascades: true })));
  });
});
