import type pg from "pg";
import { bootstrapSql, migrationFiles } from "./migrations";
import { psqlFile } from "./psql";
import type { TestDatabase } from "./postgres";

/** Loads the test-only Supabase bootstrap (roles, auth schema) into a fresh cluster. */
export async function bootstrap(client: pg.Client): Promise<void> {
  await client.query(bootstrapSql());
}

/**
 * Applies supabase/migrations the way the README's first method does: psql -v ON_ERROR_STOP=1 -f, each file in order.
 * `until` stops before the first file whose version is >= it (e.g. "011" to load data before the indices).
 */
export async function applyMigrations(db: TestDatabase, options: { until?: string; from?: string } = {}): Promise<string[]> {
  const applied: string[] = [];
  for (const { file, version } of migrationFiles()) {
    if (options.until !== undefined && version >= options.until) continue;
    if (options.from !== undefined && version < options.from) continue;
    await psqlFile(db.url, file);
    applied.push(file);
  }
  return applied;
}
