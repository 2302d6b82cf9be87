// Bulk data for the scale curve (scripts/db/scale.ts): the table grows in place from one size to the next, so the 10M
// step only loads the 9M rows it adds. Everything is made by generate_series inside PostgreSQL: no rows cross the wire.
import { createHash } from "node:crypto";
import type pg from "pg";
import { PREDICTION_TYPES_SQL } from "./load";

/** Check-ins per user at every size: 100k rows = 10k users, 1M = 100k users, 10M = 1M users (issue 11). */
export const CHECK_INS_PER_USER = 10;

export class ScaleLoadError extends Error {
  override name = "ScaleLoadError";
}

/**
 * The id of scale user `n` (1-based): derived from `n`, so the check-ins can be generated without joining auth.users
 * and the benchmark can pick random users without reading a million ids; md5 spreads them over the user_id index like
 * the random uuids real users have. USER_ID_SQL is the same function in SQL (md5 hex cast to uuid).
 */
export function scaleUserId(n: number): string {
  const hex = createHash("md5").update(`scale-user-${n}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
const USER_ID_SQL = "md5('scale-user-' || u.n)::uuid";

/**
 * Adds users `fromUsers + 1 … toUsers` with CHECK_INS_PER_USER check-ins each (one a day for ten days) and one
 * prediction per check-in, the five types in turn by day, so every user has exactly two of each type; then VACUUM
 * ANALYZE. The new users' check-ins are interleaved in time (day 1 of every new user, then day 2, …), as many people's
 * daily check-ins are: one user's ten rows sit on ten different heap pages, the worst case for a query that reads them
 * all.
 *
 * Bulk rows skip triggers (session_replication_role = replica): the foreign keys' checks (RI triggers) and 012's
 * created_at trigger. The rows are valid by construction (each prediction points at the check-in it was made from, in
 * the same statement), and the per-row FK lookups would otherwise double the 10M load. CHECK constraints still apply.
 */
export async function growScaleData(
  connect: () => Promise<pg.Client>,
  options: { fromUsers: number; toUsers: number; workers?: number },
): Promise<void> {
  const { fromUsers, toUsers } = options;
  if (!Number.isInteger(fromUsers) || !Number.isInteger(toUsers) || fromUsers < 0 || toUsers <= fromUsers) {
    throw new ScaleLoadError(`The scale data can only grow: from ${fromUsers} to ${toUsers} users is not a larger whole number.`);
  }
  // Loading is CPU-bound (generating rows, four uuid B-trees): one connection per core, each with a slice of the users.
  const workers = Math.max(1, Math.min(options.workers ?? LOAD_WORKERS, toUsers - fromUsers));
  const slice = Math.ceil((toUsers - fromUsers) / workers);
  await Promise.all(
    Array.from({ length: workers }, (_, k) =>
      withConnection(connect, (client) => loadUsers(client, fromUsers + k * slice, Math.min(toUsers, fromUsers + (k + 1) * slice))),
    ),
  );
  // Explicit, because autovacuum is off in the benchmark's cluster (it would otherwise start in the middle of a
  // measurement); VACUUM also sets the hint bits the first reads would otherwise write. One table per connection.
  await Promise.all(
    ["auth.users", "public.check_ins", "public.predictions"].map((table) =>
      withConnection(connect, (client) => client.query(`vacuum analyze ${table}`)),
    ),
  );
}

/** One connection per core of the benchmark's machine (2 here). */
const LOAD_WORKERS = 2;

async function withConnection<T>(connect: () => Promise<pg.Client>, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Users `from + 1 … to`, their check-ins and predictions (see growScaleData). */
async function loadUsers(client: pg.Client, from: number, to: number): Promise<void> {
  if (to <= from) return;
  await client.query("set session_replication_role = replica");
  await client.query(
    `insert into auth.users (id, email)
     select ${USER_ID_SQL}, 'scale' || u.n || '@example.com' from generate_series($1::int + 1, $2::int) as u(n)`,
    [from, to],
  );
  // LATERAL keeps the day as the outer loop, so rows are written day by day across all new users (see above).
  await client.query(
    `with c as (
       insert into public.check_ins (user_id, checkin_date, mood, energy, stress, sleep_hours, activity_minutes)
       select ${USER_ID_SQL}, timestamptz '2024-01-01' + g * interval '1 day' + (u.n % 1440) * interval '1 minute',
              1 + (g + u.n) % 10, 1 + (g * 3 + u.n) % 10, 1 + (g * 7 + u.n) % 10, ((g + u.n) % 100) / 10.0, (g * 13 + u.n) % 120
       from generate_series(1, $3::int) g, lateral (select n from generate_series($1::int + 1, $2::int) n) u
       returning id, user_id, checkin_date)
     insert into public.predictions (user_id, checkin_id, prediction_type, model_name, model_version, label, score, probabilities, created_at)
     select c.user_id, c.id, (${PREDICTION_TYPES_SQL})[1 + floor(extract(epoch from c.checkin_date - timestamptz '2024-01-01') / 86400)::int % 5],
            'lgbm_multiclass_v1', '1', 'steady', 0.5,
            '[0.25, 0.5, 0.25]', c.checkin_date + interval '1 minute'
     from c`,
    [from, to, CHECK_INS_PER_USER],
  );
}
