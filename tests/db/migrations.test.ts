import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findIndexProblems } from "@/scripts/db/verify";
import { applyMigrations, bootstrap } from "./support/apply";
import { schemaSnapshot } from "./support/catalog";
import { MIGRATIONS_DIR, migrationFiles } from "./support/migrations";
import { startTestDatabase, type TestDatabase } from "./support/postgres";
import { psqlFile, runPsql } from "./support/psql";
import { asRole, createUsers } from "./support/sessions";

const SUPABASE_DIR = path.dirname(MIGRATIONS_DIR);

/** The migration this project reimplements, verbatim. */
const MIGRATION_011 = [
  "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_checkins_user_date ON check_ins(user_id, checkin_date DESC);",
  "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_predictions_user_type ON predictions(user_id, prediction_type);",
];

describe("supabase/ layout (Supabase CLI conventions)", () => {
  it("has config.toml for PostgreSQL 17 and the seed file it names", () => {
    const config = readFileSync(path.join(SUPABASE_DIR, "config.toml"), "utf8");
    expect(config).toMatch(/^\[db\][^[]*^major_version = 17$/m);
    expect(config).toMatch(/^sql_paths = \["\.\/seed\.sql"\]$/m);
    expect(existsSync(path.join(SUPABASE_DIR, "seed.sql"))).toBe(true);
  });

  it("names every migration <digits>_<name>.sql with unique versions, and 011 comes last of the original ones", () => {
    const files = migrationFiles(); // throws on a name the CLI would not accept
    const versions = files.map((f) => f.version);
    expect(new Set(versions).size).toBe(versions.length);
    expect(files.map((f) => f.file)).toContain("011_performance_indices.sql");
    expect(files.filter((f) => f.version < "011").length).toBeGreaterThanOrEqual(2);
  });

  it("keeps 011_performance_indices.sql exactly as given: the two statements alone, no BEGIN/COMMIT", () => {
    const sql = readFileSync(path.join(MIGRATIONS_DIR, "011_performance_indices.sql"), "utf8");
    expect(sql.trim().split("\n")).toEqual(MIGRATION_011);
    expect(sql).not.toMatch(/\b(begin|commit|start transaction)\b/i);
  });
});

describe("supabase/migrations applied with psql on real PostgreSQL 17", () => {
  let db: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    db = await startTestDatabase();
    client = await db.connect();
    await bootstrap(client);
  });

  afterAll(async () => {
    await client?.end();
    await db?.stop();
  });

  it("runs PostgreSQL 17", async () => {
    const { rows } = await client.query<{ server_version_num: string }>("show server_version_num");
    expect(Number(rows[0]!.server_version_num)).toBeGreaterThanOrEqual(170000);
  });

  it("applies every file in order with psql -v ON_ERROR_STOP=1 -f, RLS on every table, the indices valid", async () => {
    const applied = await applyMigrations(db);
    expect(applied).toEqual(migrationFiles().map((f) => f.file));
    const { rows } = await client.query<{ relname: string; relrowsecurity: boolean }>(
      "select relname, relrowsecurity from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' order by relname",
    );
    expect(rows.map((r) => r.relname)).toEqual(["check_ins", "predictions", "sync_state", "sync_tombstones"]);
    // A table without RLS would be readable by anyone holding the anon key.
    expect(rows.filter((r) => !r.relrowsecurity)).toEqual([]);
    const { rows: indexes } = await client.query<{ name: string; valid: boolean; def: string }>(
      "select indexrelid::regclass::text as name, indisvalid as valid, pg_get_indexdef(indexrelid) as def from pg_index where indexrelid::regclass::text like 'idx_%' order by 1",
    );
    expect(indexes).toEqual([
      { name: "idx_checkins_user_change", valid: true, def: "CREATE INDEX idx_checkins_user_change ON public.check_ins USING btree (user_id, change_seq)" },
      { name: "idx_checkins_user_date", valid: true, def: "CREATE INDEX idx_checkins_user_date ON public.check_ins USING btree (user_id, checkin_date DESC)" },
      { name: "idx_predictions_user_change", valid: true, def: "CREATE INDEX idx_predictions_user_change ON public.predictions USING btree (user_id, change_seq)" },
      { name: "idx_predictions_user_type", valid: true, def: "CREATE INDEX idx_predictions_user_type ON public.predictions USING btree (user_id, prediction_type)" },
    ]);
    const { rows: unique } = await client.query(
      "select indisvalid as valid, pg_get_indexdef(indexrelid) as def from pg_index where indexrelid = 'public.predictions_checkin_type_key'::regclass",
    );
    expect(unique).toEqual([
      { valid: true, def: "CREATE UNIQUE INDEX predictions_checkin_type_key ON public.predictions USING btree (prediction_type, checkin_id, user_id)" },
    ]);
  });

  it("is a no-op the second time: same objects, same oids, nothing recreated", async () => {
    const before = await schemaSnapshot(client);
    const notices: string[] = [];
    for (const { file } of migrationFiles()) {
      const result = await runPsql(db.url, ["-v", "ON_ERROR_STOP=1", "-f", path.join(MIGRATIONS_DIR, file)]);
      expect(result.code, `${file}: ${result.stderr}`).toBe(0);
      notices.push(result.stderr);
    }
    expect(await schemaSnapshot(client)).toEqual(before);
    expect(notices.join("")).toMatch(/relation "idx_checkins_user_date" already exists, skipping/);
    expect(notices.join("")).toMatch(/relation "idx_checkins_user_change" already exists, skipping/);
    expect(notices.join("")).toMatch(/relation "predictions_checkin_type_key" already exists, skipping/);
  });

  it("loads supabase/seed.sql, twice, and the demo user sees their data under RLS", async () => {
    for (let run = 0; run < 2; run++) {
      const result = await runPsql(db.url, ["-v", "ON_ERROR_STOP=1", "-f", path.join(SUPABASE_DIR, "seed.sql")]);
      expect(result.code, result.stderr).toBe(0);
    }
    const demo = "00000000-0000-4000-8000-00000000de00";
    const counts = await asRole(client, "authenticated", demo, async () => {
      const { rows } = await client.query<{ check_ins: number; predictions: number }>(
        "select (select count(*)::int from public.check_ins) as check_ins, (select count(*)::int from public.predictions) as predictions",
      );
      return rows[0];
    });
    expect(counts).toEqual({ check_ins: 28, predictions: 5 });
  });
});

describe("013's backfill on a database that already has check-ins and predictions", () => {
  let db: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    db = await startTestDatabase();
    client = await db.connect();
    await bootstrap(client);
    await applyMigrations(db, { until: "013" });
  });

  afterAll(async () => {
    await client?.end();
    await db?.stop();
  });

  const numbering = async () =>
    (
      await client.query<{ email: string; what: string; change_seq: string }>(
        `select u.email, r.what, r.change_seq from (
           select user_id, notes as what, change_seq from public.check_ins
           union all select user_id, model_name, change_seq from public.predictions) r
         join auth.users u on u.id = r.user_id order by u.email, r.change_seq`,
      )
    ).rows.map((r) => `${r.email} ${r.change_seq} ${r.what}`);
  const counters = async () =>
    (await client.query("select u.email, s.last_change, s.epoch from public.sync_state s join auth.users u on u.id = s.user_id order by 1")).rows;

  it("numbers each user's rows 1, 2, 3… oldest first (check-ins before predictions at the same time), last_change = the highest", async () => {
    const [ann, ben] = (await createUsers(client, ["ann@example.com", "ben@example.com"])) as [string, string];
    // As the table owner (a restore, the seed): created_at is kept as given, so the order is the one written here.
    const checkIn = async (user: string, notes: string, createdAt: string) =>
      (
        await client.query<{ id: string }>(
          "insert into public.check_ins (user_id, checkin_date, mood, energy, stress, notes, created_at) values ($1, $2, 5, 5, 5, $3, $2) returning id",
          [user, createdAt, notes],
        )
      ).rows[0]!.id;
    const predict = (user: string, checkInId: string, name: string, createdAt: string) =>
      client.query(
        "insert into public.predictions (user_id, checkin_id, prediction_type, model_name, model_version, score, created_at) values ($1, $2, 'energy_dip', $3, '1', 0.5, $4)",
        [user, checkInId, name, createdAt],
      );
    await checkIn(ann, "third", "2026-01-03T00:00:00Z");
    const first = await checkIn(ann, "first", "2026-01-01T00:00:00Z");
    const second = await checkIn(ann, "second", "2026-01-02T00:00:00Z");
    await predict(ann, first, "prediction of first", "2026-01-01T00:00:00Z");
    await predict(ann, second, "prediction of second", "2026-01-05T00:00:00Z");
    await checkIn(ben, "ben's only", "2026-01-02T00:00:00Z");

    await psqlFile(db.url, "013_change_feed.sql");
    expect(await numbering()).toEqual([
      "ann@example.com 1 first",
      "ann@example.com 2 prediction of first",
      "ann@example.com 3 second",
      "ann@example.com 4 third",
      "ann@example.com 5 prediction of second",
      "ben@example.com 1 ben's only",
    ]);
    expect(await counters()).toEqual([
      { email: "ann@example.com", last_change: "5", epoch: "0" },
      { email: "ben@example.com", last_change: "1", epoch: "0" },
    ]);
  });

  it("changes nothing when run again, and the next write continues the user's count", async () => {
    const before = { numbering: await numbering(), counters: await counters(), schema: await schemaSnapshot(client) };
    await psqlFile(db.url, "013_change_feed.sql");
    expect({ numbering: await numbering(), counters: await counters(), schema: await schemaSnapshot(client) }).toEqual(before);
    const { rows } = await client.query<{ id: string }>("select id from auth.users where email = 'ann@example.com'");
    const next = await asRole(client, "authenticated", rows[0]!.id, async () =>
      (await client.query<{ change_seq: string }>("insert into public.check_ins (mood, energy, stress) values (5, 5, 5) returning change_seq")).rows[0]!.change_seq,
    );
    expect(next).toBe("6");
  });
});

describe("014 on a database that already holds what it now refuses", () => {
  let db: TestDatabase;
  let client: pg.Client;
  let ann: string;
  let checkIn: string;

  beforeAll(async () => {
    db = await startTestDatabase();
    client = await db.connect();
    await bootstrap(client);
    await applyMigrations(db, { until: "014" });
    [ann] = (await createUsers(client, ["ann@example.com"])) as [string];
    const insert = (date: string) =>
      client.query<{ id: string }>("insert into public.check_ins (user_id, checkin_date, mood, energy, stress) values ($1, $2, 5, 5, 5) returning id", [ann, date]);
    checkIn = (await insert("2026-11-01T20:00:00Z")).rows[0]!.id;
    await insert("-infinity");
    await insert("1999-12-31T00:00:00Z");
    // Three predictions of one type for one check-in (one with oversized probabilities), one of another type.
    const predict = (type: string, name: string, createdAt: string, probabilities: string) =>
      client.query(
        "insert into public.predictions (user_id, checkin_id, prediction_type, model_name, model_version, label, score, probabilities, created_at) values ($1, $2, $3, $4, '1', 'low', 0.5, $5::jsonb, $6)",
        [ann, checkIn, type, name, probabilities, createdAt],
      );
    await predict("mood_tomorrow", "oldest", "2026-11-01T20:00:00Z", "[0.5, 0.5]");
    await predict("mood_tomorrow", "newest", "2026-11-03T20:00:00Z", "[0.5, 0.5]");
    await predict("mood_tomorrow", "middle", "2026-11-02T20:00:00Z", `[0.${"1".repeat(500)}, 0.5]`);
    await predict("energy_dip", "only", "2026-11-01T20:00:00Z", "[0.5, 0.5]");
  });

  afterAll(async () => {
    await client?.end();
    await db?.stop();
  });

  const constraints = async () =>
    (await client.query("select conname, convalidated from pg_constraint where conname in ('check_ins_checkin_date_from_2000', 'predictions_probabilities_size') order by 1")).rows;

  it("keeps the newest prediction of each (check-in, type), builds the unique index, and leaves bad rows with a WARNING (constraints NOT VALID)", async () => {
    const result = await psqlFile(db.url, "014_limits.sql");
    expect(result.stderr).toMatch(/WARNING: {2}check_ins_checkin_date_from_2000 stays NOT VALID: some check-ins are dated before 2000/);
    // The oversized row was a duplicate, so the clean-up removed it before its validation ran: that one validates.
    expect(result.stderr).not.toMatch(/predictions_probabilities_size stays NOT VALID/);
    const { rows } = await client.query("select prediction_type, model_name from public.predictions order by 1");
    expect(rows).toEqual([
      { prediction_type: "energy_dip", model_name: "only" },
      { prediction_type: "mood_tomorrow", model_name: "newest" },
    ]);
    expect(await constraints()).toEqual([
      { conname: "check_ins_checkin_date_from_2000", convalidated: false },
      { conname: "predictions_probabilities_size", convalidated: true },
    ]);
    // New rows are checked all the same.
    await expect(client.query("insert into public.check_ins (user_id, checkin_date, mood, energy, stress) values ($1, '1999-01-01', 5, 5, 5)", [ann])).rejects.toThrow(
      /check_ins_checkin_date_from_2000/,
    );
  });

  it("repairs a unique index whose build failed (a duplicate written during it): running the file again drops it, cleans, rebuilds", async () => {
    await client.query("drop index public.predictions_checkin_type_key");
    await client.query(
      "insert into public.predictions (user_id, checkin_id, prediction_type, model_name, model_version, score) values ($1, $2, 'energy_dip', 'later', '1', 0.5)",
      [ann, checkIn],
    );
    await expect(client.query("create unique index concurrently predictions_checkin_type_key on public.predictions (prediction_type, checkin_id, user_id)")).rejects.toThrow(
      /could not create unique index/,
    );
    const validity = async () => (await client.query("select indisvalid as valid from pg_index where indexrelid = 'public.predictions_checkin_type_key'::regclass")).rows;
    expect(await validity()).toEqual([{ valid: false }]);
    // npm run db:verify names it and says to run 014 again.
    expect((await findIndexProblems(client)).map((p) => [p.problem, p.index_name, p.repair])).toEqual([
      ["invalid", "predictions_checkin_type_key", expect.stringMatching(/^Run psql -f supabase\/migrations\/014_limits\.sql again/)],
    ]);
    await psqlFile(db.url, "014_limits.sql");
    expect(await validity()).toEqual([{ valid: true }]);
    expect(await findIndexProblems(client)).toEqual([]);
    const { rows } = await client.query("select model_name from public.predictions where prediction_type = 'energy_dip'");
    expect(rows).toEqual([{ model_name: "later" }]);
  });

  it("validates the bound once the bad rows are gone and the file runs again", async () => {
    await client.query("delete from public.check_ins where checkin_date < '2000-01-01+00'");
    const result = await psqlFile(db.url, "014_limits.sql");
    expect(result.stderr).not.toMatch(/WARNING/);
    expect(await constraints()).toEqual([
      { conname: "check_ins_checkin_date_from_2000", convalidated: true },
      { conname: "predictions_probabilities_size", convalidated: true },
    ]);
  });
});
