// The 1M study of `npm run bench:db` (scripts/db/bench.ts runs it, then the scale curve): side by side in one run on
// one embedded PostgreSQL 17, 1M check-ins over 10k users and a predictions table of the same size; the app's two
// query functions through supabase-js and the test stack (real PostgREST 12.0.2 behind the gateway, tests/stack),
// without and with migration 011's indices, as `authenticated` (RLS) and as `service_role`; and the longest
// single-insert stall while 011 (CONCURRENTLY) and a plain CREATE INDEX build under a live writer.
// BENCH_DB_ROWS / BENCH_DB_USERS change the size.
import os from "node:os";
import { performance } from "node:perf_hooks";
import type pg from "pg";
import { applyMigrations, bootstrap } from "../../tests/db/support/apply";
import { migrationFiles } from "../../tests/db/support/migrations";
import { startTestDatabase } from "../../tests/db/support/postgres";
import { createUsers } from "../../tests/db/support/sessions";
import { attachStack, type SupabaseStack } from "../../tests/stack/start-stack";
import type { BenchPorts } from "./bench-ports";
import { buildUnderLoad, median, seedCheckIns, statementsOf, withoutConcurrently } from "./load";
import { PAGE_SIZE, postgrestP50, randomOf, type Query } from "./postgrest-timing";

const ROWS = Number(process.env.BENCH_DB_ROWS ?? 1_000_000);
const USERS = Number(process.env.BENCH_DB_USERS ?? 10_000);
const INDEXED_RUNS = 1000;
const UNINDEXED_RUNS = 25;
const CIC_RUNS = 3;

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** postgrestP50 with an array of users to pick from at random. */
const p50 = (stack: SupabaseStack, query: Query, options: { role: "authenticated" | "service_role"; users: string[]; runs: number; randomType?: boolean }) =>
  postgrestP50(stack, query, { ...options, pickUser: randomOf(options.users) });

/**
 * PostgREST (12+) applies the impersonated role's settings to each request: this makes `authenticated` re-plan every
 * call for its values instead of using the generic plan PostgreSQL settles on after five calls of a prepared statement.
 */
async function setCustomPlans(client: pg.Client, on: boolean): Promise<void> {
  await client.query(on ? "alter role authenticated set plan_cache_mode = force_custom_plan" : "alter role authenticated reset plan_cache_mode");
  await client.query("notify pgrst, 'reload config'");
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}

/** The 1M study; returns what bench/results/db.json keeps at its top level. */
export async function runDetailBench(options: { ports: BenchPorts; log: (message: string) => void }): Promise<Record<string, unknown>> {
  const { log, ports } = options;
  const started = performance.now();
  const db = await startTestDatabase({ port: ports.postgres, postgresFlags: ["-c", "shared_buffers=512MB", "-c", "max_wal_size=4GB"] });
  const client = await db.connect();
  let stack: SupabaseStack | undefined;
  try {
    await bootstrap(client);
    await applyMigrations(db, { until: "011" });
    log(`seeding ${ROWS.toLocaleString("en")} check-ins and as many predictions over ${USERS.toLocaleString("en")} users`);
    const seedStart = performance.now();
    await seedCheckIns(client, { rows: ROWS, users: USERS });
    log(`seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    // A long-time daily user: three years of check-ins, five predictions each (~1,100 per type).
    const [heavy] = (await createUsers(client, ["heavy@example.com"])) as [string];
    await client.query(
      `insert into public.check_ins (user_id, checkin_date, mood, energy, stress)
       select $1, timestamptz '2023-01-01' + g * interval '1 day', 5, 5, 5 from generate_series(1, 1100) g`,
      [heavy],
    );
    await client.query(
      `insert into public.predictions (user_id, checkin_id, prediction_type, model_name, model_version, score, created_at)
       select c.user_id, c.id, t, 'm', '1', 0.5, c.checkin_date + interval '1 minute'
       from public.check_ins c cross join unnest(array['mood_tomorrow','burnout_risk','sleep_quality','stress_forecast','energy_dip']) t
       where c.user_id = $1`,
      [heavy],
    );
    const [writer] = (await createUsers(client, ["writer@example.com"])) as [string];
    await client.query("vacuum analyze public.check_ins, public.predictions");
    const users = (await client.query<{ id: string }>("select id from auth.users where email like 'load%'")).rows.map((r) => r.id);
    const counts = (
      await client.query<{ check_ins: number; predictions: number }>(
        "select (select count(*)::int from public.check_ins) as check_ins, (select count(*)::int from public.predictions) as predictions",
      )
    ).rows[0]!;

    log("starting PostgREST 12.0.2 and the gateway");
    stack = await attachStack(db, { port: ports.gateway, postgrestPorts: ports.postgrest });

    log("without indices");
    const historyNoIndex = await p50(stack, "history", { role: "authenticated", users, runs: UNINDEXED_RUNS });
    const predictionsNoIndex = await p50(stack, "predictions", { role: "authenticated", users, runs: UNINDEXED_RUNS, randomType: true });

    const statements = statementsOf(migrationFiles().find((f) => f.file === "011_performance_indices.sql")!.sql);
    log("plain CREATE INDEX under a live writer");
    const plain = await buildUnderLoad(() => db.connect(), withoutConcurrently(statements), { writerUserId: writer, runId: "plain" });
    await client.query("drop index idx_checkins_user_date, idx_predictions_user_type");
    // Three CIC runs: its longest stall depends on how busy the machine is, so the worst of three is reported.
    const cicRuns = [];
    for (let run = 1; run <= CIC_RUNS; run++) {
      log(`011 (CREATE INDEX CONCURRENTLY) under a live writer, run ${run} of ${CIC_RUNS}`);
      if (run > 1) {
        await client.query("drop index concurrently idx_checkins_user_date");
        await client.query("drop index concurrently idx_predictions_user_type");
      }
      cicRuns.push(await buildUnderLoad(() => db.connect(), statements, { writerUserId: writer, runId: `cic${run}` }));
    }
    const cic = cicRuns.reduce((a, b) => (b.maxStallMs > a.maxStallMs ? b : a));
    const lockWaits = (states: Record<string, number>) =>
      Object.entries(states).filter(([state]) => state.startsWith("Lock:")).reduce((sum, [, n]) => sum + n, 0);
    await client.query("vacuum analyze public.check_ins, public.predictions");

    log("with 011's indices");
    const historyIndexed = await p50(stack, "history", { role: "authenticated", users, runs: INDEXED_RUNS });
    const predictionsIndexed = await p50(stack, "predictions", { role: "authenticated", users, runs: INDEXED_RUNS, randomType: true });
    const predictionsHeavy011 = await p50(stack, "predictions", { role: "authenticated", users: [heavy], runs: INDEXED_RUNS });
    const historyHeavy = await p50(stack, "history", { role: "authenticated", users: [heavy], runs: INDEXED_RUNS });

    // RLS against service_role (which bypasses RLS): the same prepared statement, alternating runs.
    const rlsTimes: number[] = [];
    const serviceTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      rlsTimes.push(await p50(stack, "history", { role: "authenticated", users, runs: INDEXED_RUNS / 5 }));
      serviceTimes.push(await p50(stack, "history", { role: "service_role", users, runs: INDEXED_RUNS / 5 }));
    }

    log("predictions with (user_id, prediction_type, created_at DESC)");
    await client.query("create index concurrently bench_predictions_user_type_created on public.predictions (user_id, prediction_type, created_at desc)");
    await client.query("analyze public.predictions");
    const predictionsCreatedAt = await p50(stack, "predictions", { role: "authenticated", users, runs: INDEXED_RUNS, randomType: true });
    const predictionsHeavyCreatedAt = await p50(stack, "predictions", { role: "authenticated", users: [heavy], runs: INDEXED_RUNS });
    // PostgREST's prepared statements get PostgreSQL's generic plan after five calls, and for the average user (~20 rows
    // per type) that plan keeps 011's smaller index plus a top-N sort. What the wider index gives when it is used:
    await setCustomPlans(client, true);
    const predictionsHeavyCreatedAtCustom = await p50(stack, "predictions", { role: "authenticated", users: [heavy], runs: INDEXED_RUNS });
    await setCustomPlans(client, false);
    await client.query("drop index concurrently bench_predictions_user_type_created");

    const result = {
      note: "Times are the app's query functions through supabase-js and real PostgREST 12.0.2 (tests/stack), HTTP round trip over localhost.",
      rows: counts.check_ins,
      users: USERS + 2,
      predictions_rows: counts.predictions,
      page_size: PAGE_SIZE,
      history_p50_ms_indexed: round(historyIndexed),
      history_p50_ms_no_index: round(historyNoIndex),
      history_speedup: Math.round(historyNoIndex / historyIndexed),
      history_p50_ms_indexed_heavy_user: round(historyHeavy),
      predictions_p50_ms_indexed: round(predictionsIndexed),
      predictions_p50_ms_no_index: round(predictionsNoIndex),
      predictions_speedup: Math.round(predictionsNoIndex / predictionsIndexed),
      predictions_p50_ms_with_created_at_index: round(predictionsCreatedAt),
      predictions_p50_ms_heavy_user_011_index: round(predictionsHeavy011),
      predictions_p50_ms_heavy_user_with_created_at_index: round(predictionsHeavyCreatedAt),
      predictions_p50_ms_heavy_user_with_created_at_index_custom_plan: round(predictionsHeavyCreatedAtCustom),
      rls_p50_ms: round(median(rlsTimes)),
      service_role_p50_ms: round(median(serviceTimes)),
      rls_over_service_role: Math.round((median(rlsTimes) / median(serviceTimes)) * 100) / 100,
      cic_max_insert_stall_ms: round(cic.maxStallMs),
      cic_max_insert_stall_ms_per_run: cicRuns.map((r) => round(r.maxStallMs)),
      cic_max_stall_build_phases: cic.maxStallPhases,
      cic_writer_lock_wait_samples: cicRuns.reduce((sum, r) => sum + lockWaits(r.writerStates), 0),
      cic_writer_states: cic.writerStates,
      plain_index_writer_lock_wait_samples: lockWaits(plain.writerStates),
      plain_index_max_insert_stall_ms: round(plain.maxStallMs),
      cic_build_ms: Math.round(cic.buildMs),
      plain_index_build_ms: Math.round(plain.buildMs),
      cic_inserts_completed_during_build: cic.insertsCompletedDuringBuild,
      cic_inserts: cicRuns.reduce((sum, r) => sum + r.inserts, 0),
      plain_index_inserts_completed_during_build: plain.insertsCompletedDuringBuild,
      insert_p50_ms_outside_build: round(median([cic.baselineInsertP50Ms, plain.baselineInsertP50Ms])),
      rows_lost: cicRuns.reduce((sum, r) => sum + r.rowsLost, 0) + plain.rowsLost,
      environment: {
        postgrest: "12.0.2",
        postgres: (await client.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v,
        cpus: os.cpus().length,
        node: process.version,
        date: new Date().toISOString(),
        total_s: Math.round((performance.now() - started) / 1000),
      },
    };
    return result;
  } finally {
    await stack?.stop();
    await client.end();
    await db.stop();
  }
}

