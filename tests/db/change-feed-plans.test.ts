import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSupabaseStack, type SupabaseStack } from "@/tests/stack/start-stack";
import { describePlan, type PlanNode } from "./support/explain";
import { planOf } from "./support/postgrest-plan";
import { restAs, userToken } from "./support/rest";

const CHECK_IN_COLUMNS = "id,user_id,checkin_date,mood,energy,stress,sleep_hours,activity_minutes,notes,created_at,change_seq";
const PREDICTION_COLUMNS = "id,user_id,checkin_id,prediction_type,model_name,model_version,label,score,probabilities,created_at,change_seq";

// The pull of docs/sync-design.md section 1, as PostgREST plans it for the signed-in user (db-plan-enabled: EXPLAIN
// ANALYZE of the SQL it really runs, with RLS): each page a range scan of the (user_id, change_seq) index in order,
// no Sort, no Seq Scan.
const LONG_HISTORY_USER = "00000000-0000-4000-8000-000000000001";

describe("013: the pull's three GETs are index scans in change_seq order", () => {
  let stack: SupabaseStack;
  let client: pg.Client;
  let userId: string;
  let last: number;

  beforeAll(async () => {
    stack = await startSupabaseStack({
      // 200 users × 250 check-ins with a prediction each, then 100 of each user's check-ins deleted (tombstones): enough
      // rows, interleaved across users, that the planner's choice is the one it makes in production.
      // Each statement its own transaction, 25 check-ins per user at a time: next_change updates the user's sync_state
      // row once per row, and in one transaction the row's versions pile up (each next number walks past them all).
      beforePostgrest: async (seed) => {
        await seed.query("insert into auth.users (id, email) select gen_random_uuid(), 'user' || g || '@example.com' from generate_series(1, 200) g");
        for (let from = 1; from <= 250; from += 25) {
          await seed.query(
            `insert into public.check_ins (user_id, checkin_date, mood, energy, stress, sleep_hours, activity_minutes)
               select u.id, timestamptz '2026-01-01' + g * interval '13 hours', 1 + (g % 10), 1 + ((g * 3) % 10), 1 + ((g * 7) % 10), (g % 100) / 10.0, g % 120
               from generate_series($1::int, $1::int + 24) g cross join auth.users u`,
            [from],
          );
        }
        for (let from = 1; from <= 250; from += 25) {
          await seed.query(
            `insert into public.predictions (user_id, checkin_id, prediction_type, model_name, model_version, label, score, probabilities)
               select c.user_id, c.id, 'mood_tomorrow', 'lgbm_multiclass_v1', '1', 'steady', 0.5, '[0.25, 0.5, 0.25]'
               from public.check_ins c where c.checkin_date = any (select timestamptz '2026-01-01' + g * interval '13 hours' from generate_series($1::int, $1::int + 24) g)`,
            [from],
          );
        }
        for (let from = 1; from <= 250; from += 25) {
          await seed.query(
            `delete from public.check_ins where (mood + energy) % 5 in (0, 1)
               and checkin_date = any (select timestamptz '2026-01-01' + g * interval '13 hours' from generate_series($1::int, $1::int + 24) g)`,
            [from],
          );
        }
        // The person whose pulls are planned: the same kind of history, ten times as long (2,500 check-ins from 2022,
        // ~1,000 of them deleted). With 100 tombstones, "a page from the middle" had 70 rows past its cursor against a 50-row
        // page, a toss-up the planner decided either way from run to run (a Bitmap scan and a Sort of 70 rows once in
        // a few runs); a catch-up that matters is long, and this one makes every middle page a real one.
        await seed.query(`insert into auth.users (id, email) values ('${LONG_HISTORY_USER}', 'long-history@example.com')`);
        const forTheLongHistory = "and user_id = '" + LONG_HISTORY_USER + "'";
        for (let from = 1; from <= 2500; from += 25) {
          await seed.query(
            `insert into public.check_ins (user_id, checkin_date, mood, energy, stress, sleep_hours, activity_minutes)
               select $2::uuid, timestamptz '2022-01-01' + g * interval '13 hours', 1 + (g % 10), 1 + ((g * 3) % 10), 1 + ((g * 7) % 10), (g % 100) / 10.0, g % 120
               from generate_series($1::int, $1::int + 24) g`,
            [from, LONG_HISTORY_USER],
          );
          await seed.query(
            `insert into public.predictions (user_id, checkin_id, prediction_type, model_name, model_version, label, score, probabilities)
               select c.user_id, c.id, 'mood_tomorrow', 'lgbm_multiclass_v1', '1', 'steady', 0.5, '[0.25, 0.5, 0.25]'
               from public.check_ins c where c.checkin_date = any (select timestamptz '2022-01-01' + g * interval '13 hours' from generate_series($1::int, $1::int + 24) g)
               ${forTheLongHistory}`,
            [from],
          );
        }
        for (let from = 1; from <= 2500; from += 25) {
          await seed.query(
            `delete from public.check_ins where (mood + energy) % 5 in (0, 1)
               and checkin_date = any (select timestamptz '2022-01-01' + g * interval '13 hours' from generate_series($1::int, $1::int + 24) g)
               ${forTheLongHistory}`,
            [from],
          );
        }
        // What autovacuum does to an insert-mostly table (the visibility map that lets tombstones be read from the index).
        await seed.query("vacuum analyze");
      },
    });
    client = await stack.db.connect();
    const { rows } = await client.query<{ user_id: string; last_change: string }>("select user_id, last_change from public.sync_state where user_id = $1", [LONG_HISTORY_USER]);
    userId = rows[0]!.user_id;
    last = Number(rows[0]!.last_change);
  });

  afterAll(async () => {
    await client?.end();
    await stack?.stop();
  });

  const INDEX = { check_ins: "idx_checkins_user_change", predictions: "idx_predictions_user_change", sync_tombstones: "sync_tombstones_pkey" } as const;
  type Table = keyof typeof INDEX;
  const COLUMNS: Record<Table, string> = { check_ins: CHECK_IN_COLUMNS, predictions: PREDICTION_COLUMNS, sync_tombstones: "checkin_id,change_seq" };
  const LIMIT = 50;
  const pull = (table: Table, after: number) =>
    `${table}?select=${COLUMNS[table]}&user_id=eq.${userId}&change_seq=gt.${after}&change_seq=lte.${last}&order=change_seq.asc&limit=${LIMIT}`;
  /** The change_seq of the user's `index`-th row of `table` (0 = before the first), counted from the end when negative. */
  const cursorAt = async (table: Table, index: number) => {
    const { rows } = await client.query<{ change_seq: string }>(`select change_seq from public.${table} where user_id = $1 order by change_seq`, [userId]);
    return index === 0 ? 0 : Number(rows.at(index)!.change_seq);
  };

  /** The page PostgREST returns for the pull after `after`, checked, and the plan it ran it with. */
  async function pullPage(table: Table, after: number): Promise<{ rows: number; nodes: PlanNode[]; plan: string }> {
    const device = restAs(stack.url, stack.anonKey, userToken(userId, stack.jwtSecret));
    const reply = await device.get(pull(table, after));
    const seqs = (reply.body as { change_seq: number }[]).map((r) => r.change_seq);
    expect(seqs, table).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs.every((s) => s > after && s <= last), table).toBe(true);
    const nodes = await planOf(`${stack.url}/rest/v1/${pull(table, after)}`, device.headers());
    return { rows: seqs.length, nodes, plan: describePlan(nodes) };
  }

  it("has the rows the test claims: every user's feed spread over the three tables", async () => {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from public.check_ins union all select count(*)::int from public.predictions
       union all select count(*)::int from public.sync_tombstones`,
    );
    expect(rows.map((r) => r.n).every((n) => n >= 15_000)).toBe(true);
  });

  for (const [name, position] of [
    ["the first page", 0],
    ["a page from the middle", 30],
  ] as const) {
    it(`${name} of a catch-up (more rows past the cursor than the limit): an Index Scan in change_seq order, no Sort`, async () => {
      for (const table of Object.keys(INDEX) as Table[]) {
        const { rows, nodes, plan } = await pullPage(table, await cursorAt(table, position));
        expect(rows, table).toBe(LIMIT);
        expect(nodes.some((n) => /^Index (Only )?Scan$/.test(n["Node Type"]) && n["Index Name"] === INDEX[table]), `${table}: ${plan}`).toBe(true);
        expect(nodes.filter((n) => /Sort|Seq Scan/.test(n["Node Type"])), `${table}: ${plan}`).toEqual([]);
      }
    });
  }

  it("a short page (fewer rows past the cursor than the limit) reads the same index, never the table", async () => {
    for (const table of Object.keys(INDEX) as Table[]) {
      const { rows, nodes, plan } = await pullPage(table, await cursorAt(table, -10));
      expect(rows, table).toBe(9);
      // An Index Scan, or a Bitmap Index Scan of the same index and a Sort of those few rows (the planner's choice when
      // the whole range is smaller than the limit): either way the cost is the page's, not the history's.
      expect(nodes.some((n) => /Index (Only )?Scan/.test(n["Node Type"]) && n["Index Name"] === INDEX[table]), `${table}: ${plan}`).toBe(true);
      expect(nodes.filter((n) => n["Node Type"] === "Seq Scan"), `${table}: ${plan}`).toEqual([]);
    }
  });
});
