import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, bootstrap } from "./support/apply";
import { schemaSnapshot } from "./support/catalog";
import { MIGRATIONS_DIR, migrationFiles } from "./support/migrations";
import { startTestDatabase, type TestDatabase } from "./support/postgres";
import { runPsql } from "./support/psql";
import { asRole } from "./support/sessions";

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
    expect(rows.map((r) => r.relname)).toEqual(["check_ins", "predictions"]);
    // A table without RLS would be readable by anyone holding the anon key.
    expect(rows.filter((r) => !r.relrowsecurity)).toEqual([]);
    const { rows: indexes } = await client.query<{ name: string; valid: boolean; def: string }>(
      "select indexrelid::regclass::text as name, indisvalid as valid, pg_get_indexdef(indexrelid) as def from pg_index where indexrelid::regclass::text like 'idx_%' order by 1",
    );
    expect(indexes).toEqual([
      { name: "idx_checkins_user_date", valid: true, def: "CREATE INDEX idx_checkins_user_date ON public.check_ins USING btree (user_id, checkin_date DESC)" },
      { name: "idx_predictions_user_type", valid: true, def: "CREATE INDEX idx_predictions_user_type ON public.predictions USING btree (user_id, prediction_type)" },
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
