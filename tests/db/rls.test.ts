import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, bootstrap } from "./support/apply";
import { startTestDatabase, type TestDatabase } from "./support/postgres";
import { asRole, createUsers } from "./support/sessions";

// Row Level Security, exercised as PostgREST runs requests: role `authenticated` (or `anon`) with the JWT claims set.
describe("Row Level Security on check_ins and predictions", () => {
  let db: TestDatabase;
  let client: pg.Client;
  let alice: string;
  let bob: string;
  let bobCheckIn: string;
  let aliceCheckIn: string;

  const q = (sql: string, params: unknown[] = []) => client.query(sql, params);
  const asAlice = <T>(fn: () => Promise<T>) => asRole(client, "authenticated", alice, fn);

  beforeAll(async () => {
    db = await startTestDatabase();
    client = await db.connect();
    await bootstrap(client);
    await applyMigrations(db);
    [alice, bob] = (await createUsers(client, ["alice@example.com", "bob@example.com"])) as [string, string];
    for (const user of [alice, bob]) {
      const { rows } = await q(
        "insert into public.check_ins (user_id, mood, energy, stress) select $1, 5, 5, 5 from generate_series(1, 3) returning id",
        [user],
      );
      await q(
        "insert into public.predictions (user_id, checkin_id, prediction_type, model_name, model_version, score) values ($1, $2, 'energy_dip', 'm', '1', 0.4)",
        [user, rows[0].id],
      );
      if (user === bob) bobCheckIn = rows[0].id;
      else aliceCheckIn = rows[0].id;
    }
  });

  afterAll(async () => {
    await client?.end();
    await db?.stop();
  });

  it("lets a user read only their own rows, even when asking for someone else's by id", async () => {
    await asAlice(async () => {
      const { rows } = await q("select distinct user_id from public.check_ins");
      expect(rows).toEqual([{ user_id: alice }]);
      expect((await q("select * from public.check_ins where user_id = $1", [bob])).rowCount).toBe(0);
      expect((await q("select * from public.check_ins where id = $1", [bobCheckIn])).rowCount).toBe(0);
      expect((await q("select distinct user_id from public.predictions")).rows).toEqual([{ user_id: alice }]);
    });
  });

  it("fills user_id from the session, and refuses an insert under someone else's id", async () => {
    await asAlice(async () => {
      const { rows } = await q("insert into public.check_ins (mood, energy, stress) values (6, 6, 6) returning user_id");
      expect(rows[0].user_id).toBe(alice);
      await expect(q("insert into public.check_ins (user_id, mood, energy, stress) values ($1, 6, 6, 6)", [bob])).rejects.toThrow(
        /new row violates row-level security policy for table "check_ins"/,
      );
    });
    await asAlice(() =>
      expect(
        q(
          "insert into public.predictions (user_id, checkin_id, prediction_type, model_name, model_version, score) values ($1, $2, 'energy_dip', 'm', '1', 0.1)",
          [bob, bobCheckIn],
        ),
      ).rejects.toThrow(/new row violates row-level security policy for table "predictions"/),
    );
  });

  it("refuses a prediction of one's own that points at someone else's check-in", async () => {
    // RLS alone would allow this (the foreign-key check bypasses RLS); the (checkin_id, user_id) foreign key does not.
    await asAlice(() =>
      expect(
        q("insert into public.predictions (checkin_id, prediction_type, model_name, model_version, score) values ($1, 'energy_dip', 'm', '1', 0.1)", [
          bobCheckIn,
        ]),
      ).rejects.toThrow(/violates foreign key constraint "predictions_checkin_fkey"/),
    );
  });

  it("cannot update or delete someone else's rows, nor hand their own to someone else", async () => {
    await asAlice(async () => {
      expect((await q("update public.check_ins set mood = 1 where user_id = $1", [bob])).rowCount).toBe(0);
      expect((await q("delete from public.check_ins where user_id = $1", [bob])).rowCount).toBe(0);
      expect((await q("delete from public.predictions where user_id = $1", [bob])).rowCount).toBe(0);
    });
    // 012 takes UPDATE of user_id away altogether (column privileges); RLS's WITH CHECK would refuse it too.
    await asAlice(() =>
      expect(q("update public.check_ins set user_id = $1 where id = $2", [bob, aliceCheckIn])).rejects.toThrow(
        /permission denied for table check_ins/,
      ),
    );
    // Alice can change and delete her own.
    await asAlice(async () => {
      expect((await q("update public.check_ins set mood = 2 where id = $1", [aliceCheckIn])).rowCount).toBe(1);
      expect((await q("delete from public.check_ins where id = $1", [aliceCheckIn])).rowCount).toBe(1);
    });
    const { rows } = await q("select count(*)::int as n from public.check_ins where user_id = $1 and mood = 5", [bob]);
    expect(rows[0].n).toBe(3);
  });

  it("gives the anon key nothing: no rows, no writes", async () => {
    for (const table of ["check_ins", "predictions"]) {
      await expect(asRole(client, "anon", undefined, () => q(`select * from public.${table}`))).rejects.toThrow(
        new RegExp(`permission denied for table ${table}`),
      );
    }
    await expect(
      asRole(client, "anon", undefined, () => q("insert into public.check_ins (user_id, mood, energy, stress) values ($1, 5, 5, 5)", [bob])),
    ).rejects.toThrow(/permission denied for table check_ins/);
  });

  it("gives a signed-in role without a user id (no sub claim) nothing", async () => {
    const { rows } = await asRole(client, "authenticated", undefined, () => q("select count(*)::int as n from public.check_ins"));
    expect(rows[0].n).toBe(0);
  });

  it("lets service_role (server-side only) see everyone's rows", async () => {
    const { rows } = await asRole(client, "service_role", undefined, () => q("select count(distinct user_id)::int as n from public.check_ins"));
    expect(rows[0].n).toBe(2);
  });
});
