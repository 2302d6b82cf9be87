import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findIndexProblems, VERIFY_SQL_FILE } from "@/scripts/db/verify";
import { applyMigrations, bootstrap } from "./support/apply";
import { ANON_KEY, signJwt, STACK_JWT_SECRET } from "@/tests/stack/jwt";
import { startPostgrest } from "@/tests/stack/postgrest";
import { migrationFiles } from "./support/migrations";
import { startTestDatabase, type TestDatabase } from "./support/postgres";
import { planOf } from "./support/postgrest-plan";
import { psqlFile, runPsql } from "./support/psql";

const ROOT = path.resolve(import.meta.dirname, "../..");
const run011 = (db: TestDatabase, env?: Record<string, string>) =>
  runPsql(db.url, ["-v", "ON_ERROR_STOP=1", "-f", path.join(ROOT, "supabase/migrations/011_performance_indices.sql")], { env });

/** `npm run db:verify` as a user runs it; resolves with its exit code and output. */
async function dbVerify(db: TestDatabase): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/db/verify.ts", "--db-url", db.url], { cwd: ROOT });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

async function indexState(client: pg.Client, name: string): Promise<"valid" | "invalid" | "missing"> {
  const { rows } = await client.query<{ indisvalid: boolean }>("select indisvalid from pg_index where indexrelid = to_regclass($1)", [name]);
  return rows.length === 0 ? "missing" : rows[0]!.indisvalid ? "valid" : "invalid";
}

describe("the invalid-index hazard of CREATE INDEX CONCURRENTLY, and npm run db:verify", () => {
  let db: TestDatabase;
  let client: pg.Client;
  let snapshotHolder: pg.Client;

  /** An open REPEATABLE READ transaction: CREATE INDEX CONCURRENTLY must wait for its snapshot before it can finish. */
  const holdOldSnapshot = async () => {
    await snapshotHolder.query("begin isolation level repeatable read");
    await snapshotHolder.query("select count(*) from public.check_ins");
  };

  beforeAll(async () => {
    db = await startTestDatabase();
    client = await db.connect();
    snapshotHolder = await db.connect();
    await bootstrap(client);
    await applyMigrations(db, { until: "011" });
    await client.query(`
      insert into auth.users (id, email) select gen_random_uuid(), 'u' || g || '@example.com' from generate_series(1, 500) g;
      insert into public.check_ins (user_id, checkin_date, mood, energy, stress)
        select u.id, now() - g * interval '1 day', 5, 5, 5 from auth.users u cross join generate_series(1, 100) g;
      analyze;
    `);
    // The migrations after 011 too, so the database is complete apart from what these tests do to 011's indices.
    await applyMigrations(db, { from: "012" });
  });

  afterAll(async () => {
    await snapshotHolder?.end();
    await client?.end();
    await db?.stop();
  });

  it("checks exactly the indices the migrations create concurrently", () => {
    const created = migrationFiles().flatMap((f) => [...f.sql.matchAll(/CREATE INDEX CONCURRENTLY IF NOT EXISTS (\w+)/gi)].map((m) => m[1]));
    const checked = [...readFileSync(VERIFY_SQL_FILE, "utf8").matchAll(/\('(idx_\w+)',/g)].map((m) => m[1]);
    expect(checked.sort()).toEqual(created.sort());
  });

  it("reports an index that is still being built as building, not broken", async () => {
    await holdOldSnapshot();
    const build = run011(db);
    await expect.poll(async () => (await findIndexProblems(client)).map((p) => `${p.problem} ${p.index_name}`), { timeout: 20_000 }).toContain(
      "building idx_checkins_user_date",
    );
    await snapshotHolder.query("commit");
    expect((await build).code).toBe(0);
    expect(await findIndexProblems(client)).toEqual([]);
    // Back to the state before 011 for the next test.
    await client.query("drop index concurrently idx_checkins_user_date");
    await client.query("drop index concurrently idx_predictions_user_type");
  });

  it("a failed build leaves an INVALID index that re-running 011 skips; db:verify finds it and its repair works", async () => {
    // The build fails at its last step (waiting for an old snapshot) when the statement timeout fires, as it would on
    // a busy production table: the index exists in the catalog, but is invalid.
    await holdOldSnapshot();
    const failed = await run011(db, { PGOPTIONS: "-c statement_timeout=1500" });
    await snapshotHolder.query("commit");
    expect(failed.code).toBe(3); // psql's exit code for an error under ON_ERROR_STOP
    expect(failed.stderr).toMatch(/canceling statement due to statement timeout/);
    expect(await indexState(client, "idx_checkins_user_date")).toBe("invalid");
    expect(await indexState(client, "idx_predictions_user_type")).toBe("missing");

    // The hazard: re-running 011 succeeds, and the broken index is still there, silently skipped.
    const rerun = await run011(db);
    expect(rerun.code).toBe(0);
    expect(rerun.stderr).toMatch(/relation "idx_checkins_user_date" already exists, skipping/);
    expect(await indexState(client, "idx_checkins_user_date")).toBe("invalid");
    expect(await indexState(client, "idx_predictions_user_type")).toBe("valid");
    // …and no query can use it: the plan real PostgREST gets for the history request, as its user.
    const { rows } = await client.query<{ user_id: string }>("select user_id from public.check_ins limit 1");
    const userId = rows[0]!.user_id;
    const postgrest = await startPostgrest({
      dbUri: `postgresql://authenticator:authenticator@127.0.0.1:${db.port}/postgres?sslmode=disable`,
      jwtSecret: STACK_JWT_SECRET,
    });
    try {
      const token = signJwt({ role: "authenticated", aud: "authenticated", sub: userId, exp: 4102444800 });
      const plan = await planOf(`http://127.0.0.1:${postgrest.port}/check_ins?select=id&user_id=eq.${userId}&order=checkin_date.desc&limit=21`, {
        apikey: ANON_KEY,
        authorization: `Bearer ${token}`,
      });
      expect(plan.length).toBeGreaterThan(0);
      expect(plan.some((n) => n["Index Name"] === "idx_checkins_user_date")).toBe(false);
    } finally {
      await postgrest.stop();
    }

    // db:verify says what is wrong and how to repair it, and fails.
    const report = await dbVerify(db);
    expect(report.code).toBe(1);
    expect(report.output).toContain("INVALID: public.idx_checkins_user_date on check_ins");
    expect(report.output).toContain("DROP INDEX CONCURRENTLY IF EXISTS public.idx_checkins_user_date;");
    expect(report.output).toContain("011_performance_indices.sql");

    // Following the printed repair fixes it.
    const drop = /DROP INDEX CONCURRENTLY IF EXISTS [\w.]+;/.exec(report.output)![0];
    expect((await runPsql(db.url, ["-v", "ON_ERROR_STOP=1", "-c", drop])).code).toBe(0);
    await psqlFile(db.url, "011_performance_indices.sql");
    expect(await indexState(client, "idx_checkins_user_date")).toBe("valid");
    const healthy = await dbVerify(db);
    expect(healthy).toEqual({ code: 0, output: expect.stringContaining("Indexes OK") });
  });

  it("a tiny statement_timeout on a large table leaves the same INVALID index", async () => {
    await client.query("drop index concurrently if exists idx_checkins_user_date");
    await client.query(`
      insert into public.check_ins (user_id, checkin_date, mood, energy, stress)
        select u.id, now() - g * interval '1 hour', 5, 5, 5 from auth.users u cross join generate_series(1, 200) g`);
    // Too short a timeout cancels the statement before its catalog entry is committed (nothing is left); long enough
    // lets the build finish. In between, the build is cancelled mid-way: grow the timeout until that happens.
    const attempts: string[] = [];
    for (const ms of [5, 10, 20, 40, 80, 160, 320, 640]) {
      const failed = await run011(db, { PGOPTIONS: `-c statement_timeout=${ms}` });
      const state = await indexState(client, "idx_checkins_user_date");
      attempts.push(`${ms} ms: ${state}`);
      if (state !== "missing") {
        expect(failed.stderr).toMatch(/canceling statement due to statement timeout/);
        break;
      }
    }
    expect(attempts.at(-1), attempts.join(", ")).toMatch(/invalid$/);
    expect((await findIndexProblems(client)).map((p) => `${p.problem} ${p.index_name}`)).toContain("invalid idx_checkins_user_date");
  });

  it("reports a missing index with the statement that creates it", async () => {
    await client.query("drop index concurrently if exists idx_checkins_user_date");
    await client.query("drop index concurrently if exists idx_predictions_user_type");
    const problems = await findIndexProblems(client);
    expect(problems.map((p) => `${p.problem} ${p.index_name}`)).toEqual(["missing idx_checkins_user_date", "missing idx_predictions_user_type"]);
    expect(problems[0]!.repair).toContain("CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_checkins_user_date ON check_ins(user_id, checkin_date DESC);");
    await psqlFile(db.url, "011_performance_indices.sql");
    expect(await findIndexProblems(client)).toEqual([]);
  });
});
