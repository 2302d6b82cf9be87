// The SQL of the app's three read paths, timed straight on PostgreSQL (scripts/db/scale.ts). A PostgREST round trip
// has a ~4 ms floor on this machine (docs/performance.md, "Database"), which would hide everything the table size does;
// these are the statements PostgREST runs for the app's requests, in the same shape (filter, order, limit), as the
// same role with the same JWT claims, as prepared statements, over one direct connection.
import { performance } from "node:perf_hooks";
import type pg from "pg";
import { CHECK_IN_COLUMNS } from "./server-queries/history";
import { PREDICTION_COLUMNS } from "./server-queries/predictions-by-type";
import { describePlan, flattenPlan, type PlanNode } from "../../tests/db/support/explain";
import { median } from "./load";

/** The history screen's first page (fetchCheckInHistory asks for one row more than the page, to detect ties). */
export const HISTORY_PAGE_SIZE = 20;
/** The page size of the pull before migration 013's change feed (this figure is kept as measured then). */
const PULL_PAGE_SIZE = 100;
/** Pull-sync pages newer than this instant: the newest five of each scale user's ten days (scripts/db/scale-load.ts). */
export const PULL_SINCE = "2024-01-06T00:00:00Z";

export type ScaleQuery = "history" | "predictions" | "pull";

type Statement = { text: string; values: (userId: string) => unknown[] };

const PREDICTION_TYPES = ["mood_tomorrow", "burnout_risk", "sleep_quality", "stress_forecast", "energy_dip"] as const;

/**
 * history: lib/data/check-ins/supabase-history.ts, first page. predictions: lib/data/predictions/supabase-by-type.ts.
 * pull: lib/data/sync/pull.ts's incremental pull, a page of the user's rows newer than a cursor (`checkin_date > since`),
 * newest first, keyset-paged like history.
 */
export const SCALE_QUERIES: Record<ScaleQuery, Statement> = {
  history: {
    text: `select ${CHECK_IN_COLUMNS} from public.check_ins where user_id = $1 order by checkin_date desc limit $2`,
    values: (userId) => [userId, HISTORY_PAGE_SIZE + 1],
  },
  predictions: {
    text: `select ${PREDICTION_COLUMNS} from public.predictions where user_id = $1 and prediction_type = $2 order by created_at desc limit $3`,
    // A type from the user id, so the five types are asked for equally often.
    values: (userId) => [userId, PREDICTION_TYPES[parseInt(userId.slice(0, 2), 16) % 5], HISTORY_PAGE_SIZE],
  },
  pull: {
    text: `select ${CHECK_IN_COLUMNS} from public.check_ins where user_id = $1 and checkin_date > $2 order by checkin_date desc limit $3`,
    values: (userId) => [userId, PULL_SINCE, PULL_PAGE_SIZE + 1],
  },
};

export type SqlRole = "authenticated" | "service_role";

/**
 * A connection that runs as `role`, the way PostgREST does for a request with a JWT: RLS applies to `authenticated`
 * (policy `(select auth.uid()) = user_id`), and `service_role` bypasses it.
 */
export async function roleConnection(connect: () => Promise<pg.Client>, role: SqlRole): Promise<pg.Client> {
  const client = await connect();
  await client.query(`set role ${role}`);
  return client;
}

async function signIn(client: pg.Client, role: SqlRole, userId: string): Promise<void> {
  await client.query("select set_config('request.jwt.claims', $1, false)", [JSON.stringify({ role, sub: userId, aud: "authenticated" })]);
}

export type Timing = { p50_ms: number; p95_ms: number; runs: number };

/**
 * Times `runs` executions of one query for random users (the sign-in before each is not timed). Named prepared
 * statement, like PostgREST's: after five executions PostgreSQL may switch to its generic plan, as it does there.
 * Every run must return rows, so a broken query cannot pass as a fast one.
 */
export async function timeQuery(
  client: pg.Client,
  role: SqlRole,
  query: ScaleQuery,
  options: { pickUser: () => string; runs: number; name: string },
): Promise<Timing> {
  const { text, values } = SCALE_QUERIES[query];
  const times: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const userId = options.pickUser();
    await signIn(client, role, userId);
    const start = performance.now();
    const { rowCount } = await client.query({ name: options.name, text, values: values(userId) });
    times.push(performance.now() - start);
    if (!rowCount) throw new Error(`${query}: no rows for user ${userId} as ${role}`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { p50_ms: round(median(times)), p95_ms: round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!), runs: options.runs };
}

export type PlanSummary = { plan: string; execution_ms: number; uses_index: string[] };

/** EXPLAIN ANALYZE of one query for one user, as `role`: the plan's nodes and PostgreSQL's own execution time. */
export async function explainQuery(client: pg.Client, role: SqlRole, query: ScaleQuery, userId: string): Promise<PlanSummary> {
  const { text, values } = SCALE_QUERIES[query];
  await signIn(client, role, userId);
  const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode; "Execution Time": number }] }>(
    `explain (analyze, format json) ${text}`,
    values(userId),
  );
  const [top] = rows[0]!["QUERY PLAN"];
  const nodes = flattenPlan(top.Plan);
  return {
    plan: describePlan(nodes),
    execution_ms: round(top["Execution Time"]),
    uses_index: [...new Set(nodes.flatMap((n) => (n["Index Name"] ? [n["Index Name"]] : [])))],
  };
}

/**
 * PostgreSQL's own execution time (EXPLAIN ANALYZE) of one query, median over `runs` random users: the SQL-level figure
 * without the client, the socket and the scheduler of a loaded machine in it. Custom plans (values known).
 */
export async function explainP50(client: pg.Client, role: SqlRole, query: ScaleQuery, options: { pickUser: () => string; runs: number }): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < options.runs; i++) times.push((await explainQuery(client, role, query, options.pickUser())).execution_ms);
  return round(median(times));
}

/**
 * The generic plan (EXPLAIN (GENERIC_PLAN), values unknown): what a prepared statement, PostgREST's included, may run
 * after its fifth execution, so the plan the timed statements use, and the one to check for the index.
 */
export async function genericPlan(client: pg.Client, role: SqlRole, query: ScaleQuery, userId: string): Promise<string> {
  await signIn(client, role, userId);
  const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`explain (generic_plan, format json) ${SCALE_QUERIES[query].text}`);
  return describePlan(flattenPlan(rows[0]!["QUERY PLAN"][0].Plan));
}

export const round = (ms: number) => Math.round(ms * 1000) / 1000;
