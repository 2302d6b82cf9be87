import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../../supabase/migrations");
/** Test scaffolding: what a Supabase project provides and our migrations rely on. Never applied to a real project. */
export const SUPABASE_BOOTSTRAP = path.resolve(import.meta.dirname, "supabase-bootstrap.sql");

/** The Supabase CLI's rule: <digits>_<name>.sql, applied in lexical order of the digits. */
export const MIGRATION_NAME = /^(\d+)_([A-Za-z0-9_-]+)\.sql$/;

export function migrationFiles(): { file: string; version: string; sql: string }[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((file) => {
      const match = MIGRATION_NAME.exec(file);
      if (!match) throw new Error(`supabase/migrations/${file} does not follow <digits>_<name>.sql`);
      return { file, version: match[1]!, sql: readFileSync(path.join(MIGRATIONS_DIR, file), "utf8") };
    });
}

export function bootstrapSql(): string {
  return readFileSync(SUPABASE_BOOTSTRAP, "utf8");
}
