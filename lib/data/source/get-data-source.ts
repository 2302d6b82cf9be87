import { env } from "@/lib/env";
import type { DataSource } from "@/lib/data/source/data-source";
import { createLocalDataSource } from "@/lib/data/source/local-data-source";

let source: Promise<DataSource> | undefined;

/**
 * The browser's data source for the configured mode (one per page). The Supabase implementation is imported only in
 * Supabase mode, so local mode ships no supabase-js.
 */
export function getDataSource(): Promise<DataSource> {
  source ??=
    env.mode === "local"
      ? Promise.resolve(createLocalDataSource())
      : Promise.all([import("@/lib/supabase/client"), import("@/lib/data/source/supabase-data-source")]).then(
          ([client, supabase]) => supabase.createSupabaseDataSource(client.createClient()),
        );
  return source;
}
