// The scale curve of `npm run bench:db` (issue 11): the app's read queries at several table sizes in one run, on one
// cluster that grows in place. At each size: load, VACUUM ANALYZE; time the queries without migration 011's indices;
// build them with 011 itself (CREATE INDEX CONCURRENTLY) under a live writer; time the queries again; record the
// index sizes; then drop the indices so the next size is loaded and measured without them again.
import { performance } from "node:perf_hooks";
import type pg from "pg";
import { migrationFiles } from "../../tests/db/support/migrations";
import type { TestDatabase } from "../../tests/db/support/postgres";
import { createUsers } from "../../tests/db/support/sessions";
import { buildUnderLoad, statementsOf } from "./load";
import { CHECK_INS_PER_USER, growScaleData, scaleUserId } from "./scale-load";
import { explainP50, explainQuery, genericPlan, roleConnection, round, timeQuery, type PlanSummary, type ScaleQuery, type Timing } from "./scale-queries";

export class ScaleSizesError extends Error {
  override name = "ScaleSizesError";
}

/** Check-in counts, ascending, each a whole number of users (CHECK_INS_PER_USER rows each), e.g. "100000,1000000". */
export function parseSizes(raw: string): number[] {
  const sizes = raw.split(",").map((s) => Number(s.trim().replaceAll("_", "")));
  const bad = sizes.find((n, i) => !Number.isInteger(n) || n < CHECK_INS_PER_USER || n % CHECK_INS_PER_USER !== 0 || (i > 0 && n <= sizes[i - 1]!));
  if (bad !== undefined || sizes.length === 0) {
    throw new ScaleSizesError(
      `BENCH_SIZES must be check-in counts, ascending, each a multiple of ${CHECK_INS_PER_USER} (e.g. 100000,1000000,10000000); got "${raw}".`,
    );
  }
  return sizes;
}

type QueryAt = {
  /** Wall time of the prepared statement over a direct connection (see scripts/db/scale-queries.ts). */
  indexed: Timing;
  no_index: Timing;
  /** no_index p50 / indexed p50 (wall times). */
  speedup: number;
  /** PostgreSQL's execution time (EXPLAIN ANALYZE), median over EXPLAIN_RUNS users, with the index. */
  execution_p50_ms_indexed: number;
  plan_indexed: PlanSummary;
  /** The prepared statement's generic plan with the index. */
  generic_plan_indexed: string;
  plan_no_index: PlanSummary;
};

export type ScalePoint = {
  /** Check-ins in the table when measured (the scale users' rows plus the CIC writer's). */
  rows: number;
  users: number;
  predictions_rows: number;
  load_s: number;
  history: QueryAt & { postgrest_p50_ms: number | null; service_role: Timing; rls_over_service_role: number };
  predictions: QueryAt;
  pull: QueryAt;
  cic: {
    build_ms: number;
    max_insert_stall_ms: number;
    max_stall_build_phases: string[];
    writer_lock_wait_samples: number;
    inserts: number;
    inserts_completed_during_build: number;
    insert_p50_ms_outside_build: number;
    rows_lost: number;
  };
  sizes: {
    check_ins_table_bytes: number;
    check_ins_indexes_bytes: number;
    idx_checkins_user_date_bytes: number;
    idx_checkins_user_date_bytes_per_row: number;
    /** B-tree levels from the root to a leaf, inclusive (pages read per lookup before the heap). */
    idx_checkins_user_date_levels: number;
    predictions_table_bytes: number;
    idx_predictions_user_type_bytes: number;
  };
};

export type ScaleOptions = {
  sizes: number[];
  /** Timed runs per query with the index (random users). */
  indexedRuns: number;
  /** Timed runs per query without it, by size: a sequential scan of 10M rows takes seconds. */
  noIndexRuns: (rows: number) => number;
  /** End to end through PostgREST, for history only; absent: not measured (null). */
  postgrestHistoryP50?: (pickUser: () => string) => Promise<number>;
  log: (message: string) => void;
};

const INDICES_011 = () => statementsOf(migrationFiles().find((f) => f.file === "011_performance_indices.sql")!.sql);
const QUERIES: ScaleQuery[] = ["history", "predictions", "pull"];
const EXPLAIN_RUNS = 100;

/**
 * Measures every size of `options.sizes` on `db`, which must hold the schema without 011's indices (001, 002 and 012
 * applied) and no scale data yet.
 */
export async function measureScaleCurve(db: TestDatabase, options: ScaleOptions): Promise<ScalePoint[]> {
  const { log } = options;
  const admin = await db.connect();
  const asUser = await roleConnection(() => db.connect(), "authenticated");
  const asService = await roleConnection(() => db.connect(), "service_role");
  // Page reads of the B-tree's metapage (bt_metap): how deep the index is at each size.
  await admin.query("create extension if not exists pageinspect");
  const [writer] = (await createUsers(admin, ["scale-writer@example.com"])) as [string];
  const points: ScalePoint[] = [];
  let users = 0;
  try {
    for (const [i, size] of options.sizes.entries()) {
      const target = size / CHECK_INS_PER_USER;
      log(`${size.toLocaleString("en")} check-ins: loading ${(target - users).toLocaleString("en")} more users`);
      const loadStart = performance.now();
      await growScaleData(() => db.connect(), { fromUsers: users, toUsers: target });
      const loadS = Math.round((performance.now() - loadStart) / 100) / 10;
      users = target;
      const pickUser = () => scaleUserId(1 + Math.floor(Math.random() * target));
      const sample = scaleUserId(Math.ceil(target / 2));

      const noIndexRuns = options.noIndexRuns(size);
      log(`${size.toLocaleString("en")}: without 011's indices (${noIndexRuns} runs per query)`);
      const noIndex = await measureQueries(asUser, { pickUser, sample, runs: noIndexRuns, phase: "no-index" });

      log(`${size.toLocaleString("en")}: 011 (CREATE INDEX CONCURRENTLY) under a live writer`);
      const build = await buildUnderLoad(() => db.connect(), INDICES_011(), { writerUserId: writer, runId: `scale-${size}` });
      await admin.query("analyze public.check_ins, public.predictions");

      log(`${size.toLocaleString("en")}: with 011's indices (${options.indexedRuns} runs per query)`);
      const indexed = await measureQueries(asUser, { pickUser, sample, runs: options.indexedRuns, phase: "indexed" });
      const service = await timeQuery(asService, "service_role", "history", { pickUser, runs: options.indexedRuns, name: "history-service" });
      const postgrest = options.postgrestHistoryP50 ? round(await options.postgrestHistoryP50(pickUser)) : null;

      const at = (q: ScaleQuery): QueryAt => ({
        indexed: indexed[q].timing,
        no_index: noIndex[q].timing,
        speedup: Math.round(noIndex[q].timing.p50_ms / indexed[q].timing.p50_ms),
        execution_p50_ms_indexed: indexed[q].executionP50!,
        plan_indexed: indexed[q].plan,
        generic_plan_indexed: indexed[q].generic!,
        plan_no_index: noIndex[q].plan,
      });
      points.push({
        ...(await counts(admin)),
        load_s: loadS,
        history: {
          ...at("history"),
          postgrest_p50_ms: postgrest,
          service_role: service,
          rls_over_service_role: Math.round((indexed.history.timing.p50_ms / service.p50_ms) * 100) / 100,
        },
        predictions: at("predictions"),
        pull: at("pull"),
        cic: {
          build_ms: Math.round(build.buildMs),
          max_insert_stall_ms: round(build.maxStallMs),
          max_stall_build_phases: build.maxStallPhases,
          writer_lock_wait_samples: Object.entries(build.writerStates)
            .filter(([state]) => state.startsWith("Lock:"))
            .reduce((sum, [, n]) => sum + n, 0),
          inserts: build.inserts,
          inserts_completed_during_build: build.insertsCompletedDuringBuild,
          insert_p50_ms_outside_build: round(build.baselineInsertP50Ms),
          rows_lost: build.rowsLost,
        },
        sizes: await relationSizes(admin),
      });
      log(`${size.toLocaleString("en")}: history ${indexed.history.timing.p50_ms} ms indexed, ${noIndex.history.timing.p50_ms} ms without`);
      // The next size is loaded and measured without the indices again (a plain DROP: nothing else runs now).
      if (i < options.sizes.length - 1) await admin.query("drop index public.idx_checkins_user_date, public.idx_predictions_user_type");
    }
    return points;
  } finally {
    await asUser.end();
    await asService.end();
    await admin.end();
  }
}

type Measured = { timing: Timing; plan: PlanSummary; executionP50?: number; generic?: string };

/** Wall-time p50 and one analyzed plan per query; with the index also the EXPLAIN p50 and the generic plan. */
async function measureQueries(
  client: pg.Client,
  options: { pickUser: () => string; sample: string; runs: number; phase: "indexed" | "no-index" },
): Promise<Record<ScaleQuery, Measured>> {
  const out = {} as Record<ScaleQuery, Measured>;
  for (const q of QUERIES) {
    out[q] = {
      timing: await timeQuery(client, "authenticated", q, { pickUser: options.pickUser, runs: options.runs, name: `${q}-${options.phase}` }),
      plan: await explainQuery(client, "authenticated", q, options.sample),
    };
    // Not without the index: each EXPLAIN ANALYZE would be another full scan (seconds at 10M).
    if (options.phase === "indexed") {
      out[q].executionP50 = await explainP50(client, "authenticated", q, { pickUser: options.pickUser, runs: EXPLAIN_RUNS });
      out[q].generic = await genericPlan(client, "authenticated", q, options.sample);
    }
  }
  return out;
}

async function counts(client: pg.Client): Promise<{ rows: number; users: number; predictions_rows: number }> {
  const { rows } = await client.query<{ rows: number; users: number; predictions_rows: number }>(
    `select (select count(*)::int from public.check_ins) as rows, (select count(*)::int from auth.users) as users,
            (select count(*)::int from public.predictions) as predictions_rows`,
  );
  return rows[0]!;
}

async function relationSizes(client: pg.Client): Promise<ScalePoint["sizes"]> {
  const { rows } = await client.query<{ t: string; ti: string; i: string; levels: string; n: string; p: string; pi: string }>(
    `select pg_relation_size('public.check_ins') as t, pg_indexes_size('public.check_ins') as ti,
            pg_relation_size('public.idx_checkins_user_date') as i, (select level + 1 from bt_metap('public.idx_checkins_user_date')) as levels,
            (select count(*) from public.check_ins) as n,
            pg_relation_size('public.predictions') as p, pg_relation_size('public.idx_predictions_user_type') as pi`,
  );
  const r = rows[0]!;
  return {
    check_ins_table_bytes: Number(r.t),
    check_ins_indexes_bytes: Number(r.ti),
    idx_checkins_user_date_bytes: Number(r.i),
    idx_checkins_user_date_bytes_per_row: Math.round((Number(r.i) / Number(r.n)) * 10) / 10,
    idx_checkins_user_date_levels: Number(r.levels),
    predictions_table_bytes: Number(r.p),
    idx_predictions_user_type_bytes: Number(r.pi),
  };
}
