import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapSql, migrationFiles } from "./support/migrations";
import { startTestDatabase, type TestDatabase } from "./support/postgres";

describe("supabase/migrations on real PostgreSQL", () => {
  let db: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    db = await startTestDatabase();
    client = await db.connect();
    await client.query(bootstrapSql());
  });

  afterAll(async () => {
    await client?.end();
    await db?.stop();
  });

  it("runs PostgreSQL 17", async () => {
    const { rows } = await client.query<{ server_version_num: string }>("show server_version_num");
    expect(Number(rows[0]!.server_version_num)).toBeGreaterThanOrEqual(170000);
  });

  it("applies every migration in order", async () => {
    const files = migrationFiles();
    expect(files.length).toBeGreaterThan(0);
    for (const { file, sql } of files) {
      // Simple-query protocol, one file at a time, as psql -f would send it statement by statement.
      await expect(client.query(sql), file).resolves.toBeDefined();
    }
    const { rows } = await client.query<{ relname: string; relrowsecurity: boolean }>(
      "select relname, relrowsecurity from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' order by relname",
    );
    expect(rows.map((r) => r.relname)).toContain("check_ins");
    // Every table in public has RLS on: a table without it would be readable by anyone with the anon key.
    expect(rows.filter((r) => !r.relrowsecurity)).toEqual([]);
  });

  it("rejects an out-of-range mood in the database itself", async () => {
    const { rows } = await client.query<{ id: string }>(
      "insert into auth.users (id, email) values (gen_random_uuid(), 'a@example.com') returning id",
    );
    const userId = rows[0]!.id;
    await expect(
      client.query("insert into public.check_ins (user_id, mood, energy, stress) values ($1, 0, 5, 5)", [userId]),
    ).rejects.toThrow(/check_ins_mood_range/);
  });
});
