import { readFileSync } from "node:fs";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, bootstrap } from "./support/apply";
import { MIGRATIONS_DIR } from "./support/migrations";
import { startTestDatabase, type TestDatabase } from "./support/postgres";
import { asRole, createUsers } from "./support/sessions";

/**
 * 012_hardening.sql on real PostgreSQL, as PostgREST runs requests (role `authenticated` with the JWT claims set):
 * the privileges RLS does not cover, the columns a user may not change, created_at set by the server, and checkin_date
 * bounded. Each test fails on the migrations before 012 (run it with 012 moved away to see).
 */
describe("012_hardening and 014: privileges, server-set created_at, bounded checkin_date", () => {
  let db: TestDatabase;
  let client: pg.Client;
  let alice: string;
  let bob: string;
  let aliceCheckIn: string;

  const q = (sql: string, params: unknown[] = []) => client.query(sql, params);
  const asAlice = <T>(fn: () => Promise<T>, options: { commit?: boolean } = {}) => asRole(client, "authenticated", alice, fn, options);

  beforeAll(async () => {
    db = await startTestDatabase();
    client = await db.connect();
    await bootstrap(client);
    await applyMigrations(db);
    [alice, bob] = (await createUsers(client, ["alice@example.com", "bob@example.com"])) as [string, string];
    for (const user of [alice, bob]) {
      const { rows } = await q("insert into public.check_ins (user_id, mood, energy, stress) values ($1, 5, 5, 5) returning id", [user]);
      await q(
        "insert into public.predictions (user_id, checkin_id, prediction_type, model_name, model_version, score) values ($1, $2, 'energy_dip', 'm', '1', 0.4)",
        [user, rows[0].id],
      );
      if (user === alice) aliceCheckIn = rows[0].id;
    }
  });

  afterAll(async () => {
    await client?.end();
    await db?.stop();
  });

  it("gives anon and authenticated no TRUNCATE, REFERENCES or TRIGGER on either table", async () => {
    const { rows } = await q(
      `select r.role, t.tbl, p.priv from unnest(array['anon', 'authenticated']) r(role), unnest(array['public.check_ins', 'public.predictions']) t(tbl),
              unnest(array['TRUNCATE', 'REFERENCES', 'TRIGGER']) p(priv)
       where has_table_privilege(r.role, t.tbl, p.priv)`,
    );
    expect(rows).toEqual([]);
  });

  it("gives anon and authenticated exactly these privileges in public, and nothing else (PUBLIC's counted for both)", async () => {
    // From the ACLs themselves (aclexplode; a NULL ACL is the owner's default, acldefault), for every relation, column
    // and function in public: a privilege a new PostgreSQL adds to "all" (as 17 added MAINTAIN), a new table that kept
    // Supabase's default grants, or a function left executable by PUBLIC appears here and fails the comparison.
    const { rows } = await q(
      `with grants as (
         select 'table ' || c.relname as object, a.grantee, a.privilege_type
         from pg_class c, aclexplode(coalesce(c.relacl, acldefault((case when c.relkind = 'S' then 's' else 'r' end)::"char", c.relowner))) a
         where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
         union all
         select 'column ' || c.relname || '.' || t.attname, a.grantee, a.privilege_type
         from pg_attribute t join pg_class c on c.oid = t.attrelid, aclexplode(t.attacl) a
         where c.relnamespace = 'public'::regnamespace and t.attacl is not null
         union all
         select 'function ' || p.oid::regprocedure::text, a.grantee, a.privilege_type
         from pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f'::"char", p.proowner))) a
         where p.pronamespace = 'public'::regnamespace
       )
       select r.role || ' ' || g.privilege_type || ' on ' || g.object as grant
       from grants g join pg_roles r0 on true
       cross join lateral (select unnest(array['anon', 'authenticated']) as role) r
       where r0.rolname = r.role and (g.grantee = 0 or g.grantee = r0.oid)
       order by 1`,
    );
    const columns = ["activity_minutes", "energy", "mood", "notes", "sleep_hours", "stress"];
    expect(rows.map((r) => r.grant)).toEqual(
      [
        ...columns.map((c) => `authenticated UPDATE on column check_ins.${c}`),
        "authenticated EXECUTE on function delete_my_account()",
        "authenticated EXECUTE on function delete_my_data()",
        "authenticated EXECUTE on function lock_sync_state()",
        "authenticated EXECUTE on function push_changes(bigint,jsonb,jsonb)",
        ...["DELETE", "INSERT", "SELECT"].map((p) => `authenticated ${p} on table check_ins`),
        ...["DELETE", "INSERT", "SELECT"].map((p) => `authenticated ${p} on table predictions`),
        "authenticated SELECT on table sync_state",
        "authenticated SELECT on table sync_tombstones",
      ].sort(),
    );
  });

  it("refuses REINDEX and VACUUM FULL of check_ins by a signed-in user on PostgreSQL 17 (no MAINTAIN: 014)", async () => {
    const { rows } = await q("select current_setting('server_version_num')::int >= 170000 as has_maintain");
    expect(rows).toEqual([{ has_maintain: true }]);
    await expect(asAlice(() => q("reindex table public.check_ins"))).rejects.toThrow(/permission denied for table check_ins/);
    // VACUUM does not fail: it skips the table with a warning, which is the refusal.
    const notices: string[] = [];
    const listen = (n: { message?: string }) => notices.push(n.message ?? "");
    client.on("notice", listen);
    try {
      await client.query("set role authenticated");
      await client.query("vacuum full public.check_ins");
    } finally {
      await client.query("reset role");
      client.off("notice", listen);
    }
    expect(notices).toEqual([expect.stringMatching(/permission denied to vacuum "check_ins", skipping it/)]);
  });

  it("refuses TRUNCATE by a signed-in user (RLS would not have stopped it: it empties every user's rows)", async () => {
    for (const table of ["check_ins", "predictions"]) {
      await expect(asAlice(() => q(`truncate public.${table} cascade`)), table).rejects.toThrow(new RegExp(`permission denied for table ${table}`));
    }
    const { rows } = await q("select count(distinct user_id)::int as n from public.check_ins");
    expect(rows[0].n).toBe(2);
  });

  it("refuses a foreign key or a trigger pointed at our tables by a signed-in user", async () => {
    await q("grant create on schema public to authenticated");
    try {
      await expect(asAlice(() => q("create table public.probe (x uuid references public.check_ins (id))"))).rejects.toThrow(
        /permission denied for table check_ins/,
      );
      await expect(
        asAlice(async () => {
          await q("create function public.probe_trigger() returns trigger language plpgsql as 'begin return new; end'");
          await q("create trigger probe before insert on public.check_ins for each row execute function public.probe_trigger()");
        }),
      ).rejects.toThrow(/permission denied for table check_ins/);
    } finally {
      await q("revoke create on schema public from authenticated");
    }
  });

  it("refuses an UPDATE of id, user_id, checkin_date or created_at, and of any prediction; values stay editable", async () => {
    const changes: [string, unknown][] = [
      ["id", "00000000-0000-4000-8000-000000000001"],
      ["user_id", alice],
      ["checkin_date", "2020-01-01T00:00:00Z"],
      ["created_at", "2020-01-01T00:00:00Z"],
    ];
    for (const [column, value] of changes) {
      await expect(asAlice(() => q(`update public.check_ins set ${column} = $1 where id = $2`, [value, aliceCheckIn])), column).rejects.toThrow(
        /permission denied for table check_ins/,
      );
    }
    await expect(asAlice(() => q("update public.predictions set score = 0.9 where user_id = $1", [alice]))).rejects.toThrow(
      /permission denied for table predictions/,
    );
    await asAlice(async () => {
      const { rowCount } = await q("update public.check_ins set mood = 9, notes = 'better' where id = $1", [aliceCheckIn]);
      expect(rowCount).toBe(1);
    });
  });

  it("stores the server's created_at whatever the client sends, and still ignores a duplicate id (the sync engine's upsert)", async () => {
    const id = "00000000-0000-4000-8000-0000000000c1";
    const insert = () =>
      q(
        `insert into public.check_ins (id, user_id, checkin_date, mood, energy, stress, created_at)
         values ($1, $2, now() - interval '3 days', 6, 6, 6, '2001-01-01T00:00:00Z') on conflict (id) do nothing returning created_at`,
        [id, alice],
      );
    const stored = await asAlice(async () => {
      const first = await insert();
      expect(first.rowCount).toBe(1);
      const again = await insert(); // a re-sent row: ignored, not an error
      expect(again.rowCount).toBe(0);
      const prediction = await q(
        `insert into public.predictions (user_id, checkin_id, prediction_type, model_name, model_version, score, created_at)
         values ($1, $2, 'energy_dip', 'm', '1', 0.4, '2001-01-01T00:00:00Z') returning created_at`,
        [alice, id],
      );
      return { checkIn: first.rows[0].created_at as Date, prediction: prediction.rows[0].created_at as Date };
    });
    for (const createdAt of [stored.checkIn, stored.prediction]) expect(Math.abs(createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    // The table owner (seed, benchmarks, a restore) keeps the times it gives.
    const { rows } = await q(
      "insert into public.check_ins (user_id, mood, energy, stress, created_at) values ($1, 5, 5, 5, '2001-01-01T00:00:00Z') returning created_at",
      [bob],
    );
    expect((rows[0].created_at as Date).toISOString()).toBe("2001-01-01T00:00:00.000Z");
  });

  it("refuses a checkin_date more than a day ahead, from anyone; the constraint is validated", async () => {
    await expect(asAlice(() => q("insert into public.check_ins (checkin_date, mood, energy, stress) values ('9999-12-31', 5, 5, 5)"))).rejects.toThrow(
      /violates check constraint "check_ins_checkin_date_not_future"/,
    );
    await expect(q("insert into public.check_ins (user_id, checkin_date, mood, energy, stress) values ($1, now() + interval '25 hours', 5, 5, 5)", [bob])).rejects.toThrow(
      /check_ins_checkin_date_not_future/,
    );
    await asAlice(async () => {
      const { rowCount } = await q("insert into public.check_ins (checkin_date, mood, energy, stress) values (now() + interval '23 hours', 5, 5, 5)");
      expect(rowCount).toBe(1);
    });
    const { rows } = await q("select convalidated from pg_constraint where conname = 'check_ins_checkin_date_not_future'");
    expect(rows).toEqual([{ convalidated: true }]);
  });

  it("adds the bound NOT VALID and only then validates it (no long lock on a big table)", () => {
    const sql = readFileSync(path.join(MIGRATIONS_DIR, "012_hardening.sql"), "utf8").replace(/--.*$/gm, "");
    const notValid = sql.search(/check \(checkin_date <= now\(\) \+ interval '1 day'\) not valid/i);
    const validate = sql.search(/validate constraint check_ins_checkin_date_not_future/i);
    expect(notValid).toBeGreaterThan(0);
    expect(validate).toBeGreaterThan(notValid);
    expect(sql).not.toMatch(/concurrently/i);
  });

  it("keeps Delete my data: a user deletes their own rows, and only theirs", async () => {
    await asAlice(async () => {
      expect((await q("delete from public.check_ins where user_id = $1", [bob])).rowCount).toBe(0);
      expect((await q("delete from public.predictions")).rowCount).toBeGreaterThan(0);
      expect((await q("delete from public.check_ins")).rowCount).toBeGreaterThan(0);
      expect((await q("select count(*)::int as n from public.check_ins")).rows[0].n).toBe(0);
    });
    const { rows } = await q("select count(*)::int as n from public.check_ins where user_id = $1", [bob]);
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it("does not let anyone call the trigger function through the API", async () => {
    await expect(asAlice(() => q("select public.set_created_at_by_server()"))).rejects.toThrow(/permission denied for function set_created_at_by_server/);
  });
});
