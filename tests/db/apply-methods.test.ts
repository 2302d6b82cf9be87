import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, bootstrap } from "./support/apply";
import { schemaSnapshot } from "./support/catalog";
import { migrationFiles } from "./support/migrations";
import { startTestDatabase, type TestDatabase } from "./support/postgres";
import { supabaseCli } from "./support/supabase-cli";

async function freshDatabase(): Promise<{ db: TestDatabase; client: pg.Client }> {
  const db = await startTestDatabase();
  const client = await db.connect();
  await bootstrap(client);
  return { db, client };
}

/** The indices the migrations build CONCURRENTLY (011, 013, 014), by name, and whether each is valid. */
async function indexValidity(client: pg.Client): Promise<Record<string, boolean>> {
  const { rows } = await client.query<{ name: string; valid: boolean }>(
    "select indexrelid::regclass::text as name, indisvalid as valid from pg_index where indexrelid::regclass::text like 'idx_%' or indexrelid::regclass::text = 'predictions_checkin_type_key'",
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.valid]));
}

const INDICES_011_013_VALID = { idx_checkins_user_date: true, idx_predictions_user_type: true, idx_checkins_user_change: true, idx_predictions_user_change: true };
const ALL_INDICES_VALID = { ...INDICES_011_013_VALID, predictions_checkin_type_key: true };

/** 014 after its BEGIN … COMMIT block: each statement, as a person pastes them one at a time (comments dropped). */
function statementsAfterCommit(sql: string): { block: string; statements: string[]; rest: string } {
  const end = sql.indexOf("\ncommit;\n") + "\ncommit;\n".length;
  const tail = sql.slice(end).replace(/^--.*$/gm, "");
  const statements = tail.match(/^do \$\$\n[\s\S]*?\n\$\$;$|^CREATE UNIQUE INDEX CONCURRENTLY [^\n]*;$/gm) ?? [];
  return { block: sql.slice(0, end), statements, rest: statements.reduce((left, s) => left.replace(s, ""), tail).trim() };
}

// The README's three ways to apply the migrations. (psql, the first, is tests/db/migrations.test.ts.)
describe("applying the migrations with the Supabase CLI (supabase db push --db-url)", () => {
  let db: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => ({ db, client } = await freshDatabase()));
  afterAll(async () => {
    await client?.end();
    await db?.stop();
  });

  it("pushes every migration, runs 011's, 013's and 014's CONCURRENTLY statements outside a transaction, and lists them as applied", async () => {
    const push = await supabaseCli(["db", "push", "--yes"], db.url);
    expect(push.code, push.stderr).toBe(0);
    expect(await indexValidity(client)).toEqual(ALL_INDICES_VALID);
    const { rows } = await client.query<{ version: string }>("select version from supabase_migrations.schema_migrations order by version");
    expect(rows.map((r) => r.version)).toEqual(migrationFiles().map((f) => f.version));

    const list = await supabaseCli(["migration", "list"], db.url);
    expect(list.code, list.stderr).toBe(0);
    for (const { version } of migrationFiles()) {
      // Local | Remote | Time: applied migrations show their version in both the local and the remote column.
      expect(list.stdout).toMatch(new RegExp(`\`${version}\`\\s*\\|\\s*\`${version}\``));
    }
  });

  it("does nothing when pushed again", async () => {
    const before = await schemaSnapshot(client);
    const again = await supabaseCli(["db", "push", "--yes"], db.url);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout + again.stderr).toMatch(/Remote database is up to date/);
    expect(await schemaSnapshot(client)).toEqual(before);
  });
});

describe("the Supabase CLI on a database migrated with psql (no CLI history yet)", () => {
  it("re-runs every file, which changes nothing", async () => {
    const { db, client } = await freshDatabase();
    try {
      await applyMigrations(db);
      const before = await schemaSnapshot(client);
      const push = await supabaseCli(["db", "push", "--yes"], db.url);
      expect(push.code, push.stderr).toBe(0);
      expect(await schemaSnapshot(client)).toEqual(before);
    } finally {
      await client.end();
      await db.stop();
    }
  });
});

// The dashboard's SQL editor sends the whole text of the editor as one query (the simple query protocol): several
// statements in one query string run as one implicit transaction. pg's client.query(text) without parameters does the
// same, so this reproduces what happens when a file is pasted.
describe("applying the migrations in the dashboard SQL editor", () => {
  let db: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => ({ db, client } = await freshDatabase()));
  afterAll(async () => {
    await client?.end();
    await db?.stop();
  });

  const files = migrationFiles();
  const statementsOf011 = () =>
    files
      .find((f) => f.file === "011_performance_indices.sql")!
      .sql.split(";")
      .map((s) => s.trim())
      .filter((s) => s.length > 0);

  it("runs each migration before 011 pasted whole", async () => {
    for (const { file, sql } of files.filter((f) => f.version < "011")) {
      await expect(client.query(sql), file).resolves.toBeDefined();
    }
  });

  it("fails when 011 is pasted whole (two CONCURRENTLY statements in one query), and leaves nothing behind", async () => {
    const sql = files.find((f) => f.file === "011_performance_indices.sql")!.sql;
    await expect(client.query(sql)).rejects.toThrow(/CREATE INDEX CONCURRENTLY cannot run inside a transaction block/);
    expect(await indexValidity(client)).toEqual({});
  });

  it("works one statement at a time, and running them again is a no-op", async () => {
    const statements = statementsOf011();
    expect(statements).toHaveLength(2);
    for (const statement of statements) await client.query(statement);
    expect(await indexValidity(client)).toEqual({ idx_checkins_user_date: true, idx_predictions_user_type: true });
    const before = await schemaSnapshot(client);
    for (const { sql } of files.filter((f) => f.version < "011")) await client.query(sql);
    for (const statement of statements) await client.query(statement);
    expect(await schemaSnapshot(client)).toEqual(before);
  });
  it("runs 012 pasted whole (no CONCURRENTLY in it), and pasting it again changes nothing", async () => {
    const sql = files.find((f) => f.file === "012_hardening.sql")!.sql;
    const privileges = async () =>
      (
        await client.query<{ acl: string; columns: string }>(
          `select relacl::text as acl, (select string_agg(attname || '=' || attacl::text, ',' order by attname) from pg_attribute
             where attrelid = c.oid and attacl is not null) as columns
           from pg_class c where oid in ('public.check_ins'::regclass, 'public.predictions'::regclass) order by relname`,
        )
      ).rows;
    await client.query(sql);
    const before = { schema: await schemaSnapshot(client), privileges: await privileges() };
    await client.query(sql);
    expect({ schema: await schemaSnapshot(client), privileges: await privileges() }).toEqual(before);
    const { rows } = await client.query("select has_table_privilege('authenticated', 'public.check_ins', 'TRUNCATE') as truncate");
    expect(rows).toEqual([{ truncate: false }]);
  });

  it("013: pasted whole, its BEGIN … COMMIT block commits and the first CONCURRENTLY line stops it; each index line alone then works; again changes nothing", async () => {
    const sql = files.find((f) => f.file === "013_change_feed.sql")!.sql;
    const end = sql.indexOf("\ncommit;\n") + "\ncommit;\n".length;
    const block = sql.slice(0, end);
    const indexLines = sql.slice(end).split("\n").filter((line) => line.startsWith("CREATE INDEX CONCURRENTLY"));
    expect(indexLines).toHaveLength(2);
    expect(sql.slice(end).replace(/--.*$/gm, "").trim()).toBe(indexLines.join("\n"));

    await expect(client.query(sql)).rejects.toThrow(/CREATE INDEX CONCURRENTLY cannot run inside a transaction block/);
    const tables = await client.query("select to_regclass('public.sync_state') is not null as state, to_regclass('public.sync_tombstones') is not null as tombstones");
    expect(tables.rows).toEqual([{ state: true, tombstones: true }]);
    expect(await indexValidity(client)).toEqual({ idx_checkins_user_date: true, idx_predictions_user_type: true });

    for (const line of indexLines) await client.query(line);
    expect(await indexValidity(client)).toEqual(INDICES_011_013_VALID);
    const before = await schemaSnapshot(client);
    await client.query(block);
    for (const line of indexLines) await client.query(line);
    expect(await schemaSnapshot(client)).toEqual(before);
  });

  it("014: pasted whole, its BEGIN … COMMIT block commits and the CONCURRENTLY line stops the rest; each statement after it alone then works; again changes nothing", async () => {
    const sql = files.find((f) => f.file === "014_limits.sql")!.sql;
    const { block, statements, rest } = statementsAfterCommit(sql);
    // Two validations, the duplicate clean-up, the unique index: and nothing else after the block.
    expect(statements).toHaveLength(4);
    expect(rest).toBe("");

    await expect(client.query(sql)).rejects.toThrow(/CREATE INDEX CONCURRENTLY cannot run inside a transaction block/);
    const committed = await client.query("select to_regprocedure('public.delete_my_account()') is not null as fn, (select convalidated from pg_constraint where conname = 'check_ins_checkin_date_from_2000') as validated");
    // The block is in; what came after COMMIT was one implicit transaction, undone by the CONCURRENTLY error.
    expect(committed.rows).toEqual([{ fn: true, validated: false }]);
    expect(await indexValidity(client)).toEqual(INDICES_011_013_VALID);

    for (const statement of statements) await client.query(statement);
    expect(await indexValidity(client)).toEqual(ALL_INDICES_VALID);
    const { rows } = await client.query("select conname, convalidated from pg_constraint where conname in ('check_ins_checkin_date_from_2000', 'predictions_probabilities_size') order by 1");
    expect(rows).toEqual([
      { conname: "check_ins_checkin_date_from_2000", convalidated: true },
      { conname: "predictions_probabilities_size", convalidated: true },
    ]);
    const before = await schemaSnapshot(client);
    await client.query(block);
    for (const statement of statements) await client.query(statement);
    expect(await schemaSnapshot(client)).toEqual(before);
  });
});

type Finding = { name: string; level: string; detail: string; cacheKey: string };

// `supabase db advisors` runs Supabase's database linter (splinter). Run on our schema it must find nothing; a table
// planted with the classic mistakes proves the linter really runs against this database.
describe("supabase db advisors", () => {
  let db: TestDatabase;
  let client: pg.Client;

  const advisors = async (type: "security" | "performance"): Promise<Finding[]> => {
    const result = await supabaseCli(["db", "advisors", "--type", type, "--level", "info", "--output-format", "json"], db.url);
    expect(result.code, result.stderr).toBe(0);
    return (JSON.parse(result.stdout) as { results: Finding[] | null }).results ?? [];
  };

  beforeAll(async () => {
    ({ db, client } = await freshDatabase());
    await applyMigrations(db);
  });
  afterAll(async () => {
    await client?.end();
    await db?.stop();
  });

  it("reports no security finding for our schema", async () => {
    expect(await advisors("security")).toEqual([]);
  });

  it("reports no performance finding once the app's queries have used the indices", async () => {
    // On a brand-new database the linter's only findings are "unused_index" (INFO) for each index no query has used
    // yet: true, and expected. Run what uses them — the app's two queries, the sync's pull and a cascading delete — and it
    // is clean.
    const fresh = await advisors("performance");
    expect([...new Set(fresh.map((f) => f.name))]).toEqual(["unused_index"]);

    const [user] = (await client.query<{ id: string }>("insert into auth.users (id) values (gen_random_uuid()) returning id")).rows;
    const [checkIn] = (
      await client.query<{ id: string }>("insert into public.check_ins (user_id, mood, energy, stress) values ($1, 5, 5, 5) returning id", [user!.id])
    ).rows;
    await client.query("insert into public.predictions (user_id, checkin_id, prediction_type, model_name, model_version, score) values ($1, $2, 'energy_dip', 'm', '1', 0.5)", [
      user!.id,
      checkIn!.id,
    ]);
    await client.query("set enable_seqscan = off");
    await client.query("select * from public.check_ins where user_id = $1 order by checkin_date desc limit 21", [user!.id]);
    // History's next page (on a one-row table the first page's plan may take 013's (user_id, change_seq) index and sort).
    await client.query("select * from public.check_ins where user_id = $1 and checkin_date < now() order by checkin_date desc limit 21", [user!.id]);
    await client.query("select * from public.predictions where user_id = $1 and prediction_type = 'energy_dip' order by created_at desc limit 10", [user!.id]);
    // The sync's pull (013's indices).
    await client.query("select * from public.check_ins where user_id = $1 and change_seq > 0 and change_seq <= 10 order by change_seq limit 100", [user!.id]);
    await client.query("select * from public.predictions where user_id = $1 and change_seq > 0 and change_seq <= 10 order by change_seq limit 100", [user!.id]);
    await client.query("delete from public.check_ins where id = $1", [checkIn!.id]);
    await client.query("reset enable_seqscan");
    await client.query("select pg_stat_force_next_flush()");
    expect((await advisors("performance")).map((f) => f.detail)).toEqual([]);
  });

  it("does find the classic mistakes in a planted table (so a clean report means something)", async () => {
    await client.query(`
      create table public.planted_no_rls (id int primary key, owner uuid references auth.users (id));
      create table public.planted_slow_policy (id int primary key, owner uuid);
      alter table public.planted_slow_policy enable row level security;
      create policy planted on public.planted_slow_policy for select to authenticated using (auth.uid() = owner);
    `);
    try {
      expect((await advisors("security")).map((f) => f.cacheKey)).toContain("rls_disabled_in_public_public_planted_no_rls");
      const performance = (await advisors("performance")).map((f) => f.name);
      expect(performance).toEqual(expect.arrayContaining(["auth_rls_initplan", "unindexed_foreign_keys"]));
    } finally {
      await client.query("drop table public.planted_no_rls, public.planted_slow_policy");
    }
  });
});
