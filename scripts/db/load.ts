// Shared by the zero-downtime load test (tests/db/zero-downtime.test.ts, `npm run test:db-load`) and the benchmark
// (scripts/db/bench.ts): bulk data made by generate_series inside PostgreSQL, and an index build under a live writer.
import { performance } from "node:perf_hooks";
import type pg from "pg";

export const PREDICTION_TYPES_SQL = "array['mood_tomorrow','burnout_risk','sleep_quality','stress_forecast','energy_dip']";

/**
 * `users` users with `rows / users` check-ins each and one prediction per check-in (its type from a hash of the id, so
 * ~1/5 of each user's predictions per type). The users' check-ins are interleaved over time, as daily check-ins of many
 * people are: one user's rows are spread over the whole table, not packed together.
 */
export async function seedCheckIns(client: pg.Client, options: { rows: number; users: number }): Promise<void> {
  const perUser = Math.ceil(options.rows / options.users);
  await client.query(
    `insert into auth.users (id, email) select gen_random_uuid(), 'load' || g || '@example.com' from generate_series(1, $1::int) g`,
    [options.users],
  );
  await client.query(
    `insert into public.check_ins (user_id, checkin_date, mood, energy, stress, sleep_hours, activity_minutes)
     select u.id, timestamptz '2024-01-01' + g * interval '1 day' + (u.n % 1440) * interval '1 minute',
            1 + (g + u.n) % 10, 1 + (g * 3 + u.n) % 10, 1 + (g * 7 + u.n) % 10, ((g + u.n) % 100) / 10.0, (g * 13 + u.n) % 120
     from generate_series(1, $1::int) g
     cross join (select id, row_number() over (order by id) as n from auth.users where email like 'load%') u`,
    [perUser],
  );
  await client.query(
    `insert into public.predictions (user_id, checkin_id, prediction_type, model_name, model_version, label, score, probabilities, created_at)
     select c.user_id, c.id, (${PREDICTION_TYPES_SQL})[1 + abs(hashtext(c.id::text)) % 5], 'lgbm_multiclass_v1', '1', 'steady', 0.5,
            '[0.25, 0.5, 0.25]', c.checkin_date + interval '1 minute'
     from public.check_ins c`,
  );
  await client.query("vacuum analyze public.check_ins, public.predictions");
}

export type BuildUnderLoad = {
  /** How long the index statements took, end to end. */
  buildMs: number;
  /** Writes acknowledged during the whole run (before, during and after the build). */
  inserts: number;
  /** Writes that began and completed while an index statement ran (see WINDOW_MARGIN_MS). */
  insertsCompletedDuringBuild: number;
  /** The longest single write, in milliseconds. */
  maxStallMs: number;
  /** Median write outside the build window: the writer's normal pace on this machine. */
  baselineInsertP50Ms: number;
  /** Acknowledged writes that are not in the table afterwards (must be 0). */
  rowsLost: number;
  /**
   * What the writer's backend was waiting for, sampled every few milliseconds while the build ran (pg_stat_activity
   * wait_event_type:wait_event; "cpu" = active and not waiting). Tells a lock wait from a busy machine.
   */
  writerStates: Record<string, number>;
  /** The index build's phases (pg_stat_progress_create_index) seen during the longest write. */
  maxStallPhases: string[];
};

/**
 * A write counts as "completed during the build" only if it began more than this after an index statement began (so
 * the statement surely held its lock by then) and ended more than this before the statement's reply arrived (the
 * writer and the builder share one event loop, so their completions can be recorded a little out of order).
 */
const WINDOW_MARGIN_MS = 50;

/**
 * Runs `statements` (each as its own query, autocommit — what psql -f does with a file) while one writer inserts a
 * check-in and its prediction in a loop, one statement per write; measures every write, then checks that every
 * acknowledged write is in the table.
 */
export async function buildUnderLoad(
  connect: () => Promise<pg.Client>,
  statements: string[],
  options: { writerUserId: string; runId: string; settleMs?: number },
): Promise<BuildUnderLoad> {
  const settleMs = options.settleMs ?? 300;
  const writer = await connect();
  const builder = await connect();
  const monitor = await connect();
  const writerPid = (await writer.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
  const writes: { start: number; end: number; id: string }[] = [];
  const samples: { at: number; state: string; phase: string | null }[] = [];
  const windows: { start: number; end: number }[] = [];
  let stop = false;
  let building = false;
  const insert = {
    name: `load-insert-${options.runId}`,
    text: `with c as (
             insert into public.check_ins (user_id, checkin_date, mood, energy, stress, notes)
             values ($1, now(), 5, 5, 5, $2) returning id, user_id)
           insert into public.predictions (user_id, checkin_id, prediction_type, model_name, model_version, score)
           select user_id, id, 'energy_dip', 'load', '1', 0.5 from c returning checkin_id`,
  };
  const writing = (async () => {
    for (let n = 0; !stop; n++) {
      const start = performance.now();
      const { rows } = await writer.query<{ checkin_id: string }>({ ...insert, values: [options.writerUserId, `${options.runId}-${n}`] });
      writes.push({ start, end: performance.now(), id: rows[0]!.checkin_id });
    }
  })();
  const monitoring = (async () => {
    while (!stop) {
      if (building) {
        const { rows } = await monitor.query<{ state: string | null; phase: string | null }>(
          `select (select case when state <> 'active' then null when wait_event is null then 'cpu'
                               else wait_event_type || ':' || wait_event end
                   from pg_stat_activity where pid = $1) as state,
                  (select phase from pg_stat_progress_create_index limit 1) as phase`,
          [writerPid],
        );
        samples.push({ at: performance.now(), state: rows[0]!.state ?? "idle", phase: rows[0]!.phase });
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  try {
    await new Promise((r) => setTimeout(r, settleMs));
    building = true;
    const buildStart = performance.now();
    for (const statement of statements) {
      const start = performance.now();
      await builder.query(statement);
      windows.push({ start, end: performance.now() });
    }
    const buildEnd = performance.now();
    building = false;
    await new Promise((r) => setTimeout(r, settleMs));
    stop = true;
    await writing;
    await monitoring;

    const outside = writes.filter((w) => w.end < buildStart || w.start > buildEnd).map((w) => w.end - w.start);
    const acknowledged = writes.map((w) => w.id);
    const { rows } = await builder.query<{ found: number; by_note: number }>(
      `select (select count(*)::int from public.check_ins where id = any($1::uuid[])) as found,
              (select count(*)::int from public.check_ins where notes like $2) as by_note`,
      [acknowledged, `${options.runId}-%`],
    );
    const longest = writes.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
    const writerStates: Record<string, number> = {};
    for (const sample of samples) writerStates[sample.state] = (writerStates[sample.state] ?? 0) + 1;
    return {
      buildMs: buildEnd - buildStart,
      inserts: writes.length,
      // Per statement: a write that began while one index statement ran, and finished before that statement did.
      insertsCompletedDuringBuild: writes.filter((w) =>
        windows.some((b) => w.start > b.start + WINDOW_MARGIN_MS && w.end < b.end - WINDOW_MARGIN_MS),
      ).length,
      maxStallMs: longest.end - longest.start,
      baselineInsertP50Ms: median(outside),
      rowsLost: acknowledged.length - Math.min(rows[0]!.found, rows[0]!.by_note),
      writerStates,
      maxStallPhases: [
        ...new Set(samples.filter((x) => x.at >= longest.start && x.at <= longest.end).map((x) => x.phase ?? "between statements")),
      ],
    };
  } finally {
    stop = true;
    await writing.catch(() => undefined);
    await monitoring.catch(() => undefined);
    await writer.end();
    await builder.end();
    await monitor.end();
  }
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The statements of a migration file, one per query, as psql sends them (011 has no semicolons inside statements). */
export function statementsOf(sql: string): string[] {
  return sql
    .split(";")
    .map((s) => s.replace(/^\s*--.*$/gm, "").trim())
    .filter((s) => s.length > 0);
}

/** The same statements without CONCURRENTLY: the plain build that 011 avoids. */
export function withoutConcurrently(statements: string[]): string[] {
  return statements.map((s) => s.replace(/\bCONCURRENTLY\s+/i, ""));
}
