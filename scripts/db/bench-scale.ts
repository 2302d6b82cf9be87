// The scale curve's run for `npm run bench:db`: its own cluster, sized for 10M check-ins and as many predictions, the
// test stack on it for the PostgREST figure, and scripts/db/scale.ts to measure. BENCH_SIZES picks the sizes.
import os from "node:os";
import { performance } from "node:perf_hooks";
import { applyMigrations, bootstrap } from "../../tests/db/support/apply";
import { startTestDatabase } from "../../tests/db/support/postgres";
import { attachStack, type SupabaseStack } from "../../tests/stack/start-stack";
import type { BenchPorts } from "./bench-ports";
import { postgrestP50 } from "./postgrest-timing";
import { measureScaleCurve } from "./scale";
import { CHECK_INS_PER_USER } from "./scale-load";
import { HISTORY_PAGE_SIZE, PULL_SINCE } from "./scale-queries";

const INDEXED_RUNS = 1000;
const POSTGREST_RUNS = 300;
/** Without the index each query reads the whole table (seconds at 10M): fewer runs there. */
const noIndexRuns = (rows: number) => (rows >= 5_000_000 ? 5 : 25);

// 10M check-ins and 10M predictions are ~5 GB with their indices. shared_buffers holds the hot part; the index builds
// sort in memory (maintenance_work_mem) instead of spilling; autovacuum is off so it never starts in the middle of a
// measurement (scale-load.ts vacuums explicitly after each load).
const POSTGRES_FLAGS = [
  ["shared_buffers", "2GB"],
  ["maintenance_work_mem", "1GB"],
  ["max_wal_size", "8GB"],
  ["checkpoint_timeout", "30min"],
  ["autovacuum", "off"],
];

export async function runScaleBench(options: { sizes: number[]; ports: BenchPorts; log: (message: string) => void }): Promise<Record<string, unknown>> {
  const { sizes, ports, log } = options;
  const started = performance.now();
  const db = await startTestDatabase({ port: ports.postgres, postgresFlags: POSTGRES_FLAGS.flatMap(([k, v]) => ["-c", `${k}=${v}`]) });
  const client = await db.connect();
  let stack: SupabaseStack | undefined;
  try {
    await bootstrap(client);
    // The schema as deployed up to 012, less 011's two indices, which the curve builds (and drops) at each size. Not 013:
    // its (user_id, change_seq) indices would give "without 011's indices" another index to fall back on, and its
    // per-row counter would change the load's cost; the curve measures 011.
    await applyMigrations(db, { until: "011" });
    await applyMigrations(db, { from: "012", until: "013" });
    stack = await attachStack(db, { port: ports.gateway, postgrestPorts: ports.postgrest });
    const attached = stack;
    const points = await measureScaleCurve(db, {
      sizes,
      indexedRuns: INDEXED_RUNS,
      noIndexRuns,
      postgrestHistoryP50: (pickUser) => postgrestP50(attached, "history", { role: "authenticated", pickUser, runs: POSTGREST_RUNS }),
      log,
    });
    const setting = async (name: string) => (await client.query<{ v: string }>("select current_setting($1) as v", [name])).rows[0]!.v;
    return {
      note:
        "SQL-level times (sql p50/p95): the app's query SQL as a prepared statement over one direct connection, as `authenticated` under RLS " +
        "with the JWT claims set (history also as service_role), wall time of the call over localhost. postgrest_p50_ms: " +
        "fetchCheckInHistory end to end through supabase-js and real PostgREST 12.0.2 (~4 ms floor). no_index: before 011's " +
        "indices are built at that size (dropped after the previous size). CIC: 011's two statements under a live writer, one run per size.",
      check_ins_per_user: CHECK_INS_PER_USER,
      history_page_size: HISTORY_PAGE_SIZE,
      pull_since: PULL_SINCE,
      indexed_runs: INDEXED_RUNS,
      postgrest_runs: POSTGREST_RUNS,
      no_index_runs: Object.fromEntries(sizes.map((s) => [s, noIndexRuns(s)])),
      points,
      environment: {
        postgres: await setting("server_version"),
        shared_buffers: await setting("shared_buffers"),
        maintenance_work_mem: await setting("maintenance_work_mem"),
        max_parallel_maintenance_workers: await setting("max_parallel_maintenance_workers"),
        cpus: os.cpus().length,
        loadavg_at_end: os.loadavg().map((l) => Math.round(l * 100) / 100),
        node: process.version,
        date: new Date().toISOString(),
        total_s: Math.round((performance.now() - started) / 1000),
      },
    };
  } finally {
    await stack?.stop();
    await client.end();
    await db.stop();
  }
}
