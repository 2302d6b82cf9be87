import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchCheckInHistory } from "@/scripts/db/server-queries/history";
import { fetchPredictionsByType } from "@/scripts/db/server-queries/predictions-by-type";
import { signJwt } from "@/tests/stack/jwt";
import { startSupabaseStack, type SupabaseStack } from "@/tests/stack/start-stack";
import { describePlan } from "./support/explain";
import { planningFetch, type PlannedRequest } from "./support/postgrest-plan";
import { stackClient } from "./support/supabase-client";

// The app's two Supabase queries, end to end on the test stack: supabase-js builds the request, the real PostgREST
// 12.0.2 turns it into SQL and runs it as the signed-in user under RLS on real PostgreSQL, and PostgREST itself
// answers EXPLAIN (ANALYZE) for the very same request (db-plan-enabled), so the plans are of the SQL it really runs.
describe("app queries through supabase-js, real PostgREST, real PostgreSQL", () => {
  let stack: SupabaseStack;
  let client: pg.Client;
  let planner: ReturnType<typeof planningFetch>;
  let pager: string;
  let other: string;
  let pagerIds: string[];
  let pagerToken: string;

  /** A user seeded in SQL (not through Auth): a token signed with the stack's secret, as Auth would sign it. */
  const signedIn = (userId: string) =>
    stackClient(stack.url, stack.anonKey, {
      fetch: planner.fetch,
      accessToken: userId === pager ? pagerToken : signJwt({ role: "authenticated", aud: "authenticated", sub: userId, exp: 4102444800 }, stack.jwtSecret),
    });
  const lastPlanned = (): PlannedRequest => planner.planned.at(-1)!;

  beforeAll(async () => {
    stack = await startSupabaseStack({
      // 200 users × 250 check-ins (one prediction each, the five types in turn): enough rows that the planner's
      // choice is the one it makes in production, not the "the table is tiny, scan it" shortcut.
      beforePostgrest: async (seed) => {
        await seed.query(`
          insert into auth.users (id, email) select gen_random_uuid(), 'user' || g || '@example.com' from generate_series(1, 200) g;
          insert into public.check_ins (user_id, checkin_date, mood, energy, stress, sleep_hours, activity_minutes)
            select u.id, timestamptz '2026-01-01' + g * interval '13 hours' + random() * interval '1 hour',
                   1 + (g % 10), 1 + ((g * 3) % 10), 1 + ((g * 7) % 10), (g % 100) / 10.0, g % 120
            from auth.users u cross join generate_series(1, 250) g;
          insert into public.predictions (user_id, checkin_id, prediction_type, model_name, model_version, label, score, probabilities, created_at)
            select c.user_id, c.id,
                   (array['mood_tomorrow','burnout_risk','sleep_quality','stress_forecast','energy_dip'])[1 + (row_number() over (partition by c.user_id order by c.checkin_date) % 5)],
                   'lgbm_multiclass_v1', '1', 'steady', 0.5, '[0.25, 0.5, 0.25]', c.checkin_date
            from public.check_ins c;
        `);
      },
    });
    client = await stack.db.connect();
    planner = planningFetch();
    // The pager signs in through the Auth imitation, as the app's users do.
    pager = (await stack.control.createUser("pager@example.com", "pager password")).id;
    other = (await stack.control.createUser("other@example.com", "other password")).id;
    const auth = stackClient(stack.url, stack.anonKey);
    const { data, error } = await auth.auth.signInWithPassword({ email: "pager@example.com", password: "pager password" });
    if (error) throw error;
    pagerToken = data.session.access_token;
    // 40 check-ins for one user, with groups of equal timestamps placed across page boundaries.
    const { rows } = await client.query<{ id: string }>(
      `insert into public.check_ins (user_id, checkin_date, mood, energy, stress)
         select $1, timestamptz '2026-06-01' - (case when g between 5 and 9 then 5 when g between 20 and 27 then 20 else g end) * interval '1 hour', 5, 5, 5
         from generate_series(1, 40) g returning id`,
      [pager],
    );
    pagerIds = rows.map((r) => r.id);
    await client.query("insert into public.check_ins (user_id, mood, energy, stress) values ($1, 5, 5, 5)", [other]);
    await client.query("analyze");
  });

  afterAll(async () => {
    await client?.end();
    await stack?.stop();
  });

  it("pages through a whole history newest first, every check-in exactly once, across equal timestamps", async () => {
    const supabase = signedIn(pager);
    const seen: { id: string; checkin_date: string }[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const result = await fetchCheckInHistory(supabase, { userId: pager, cursor, pageSize: 7 });
      seen.push(...result.items);
      cursor = result.nextCursor;
      if (cursor === null) break;
    }
    expect(cursor).toBeNull();
    expect(seen.map((s) => s.id).sort()).toEqual([...pagerIds].sort());
    const times = seen.map((s) => Date.parse(s.checkin_date));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("returns nothing of another user's history (RLS), and refuses the anon key", async () => {
    const page = await fetchCheckInHistory(signedIn(pager), { userId: other, cursor: null, pageSize: 10 });
    expect(page).toEqual({ items: [], nextCursor: null });
    await expect(
      fetchCheckInHistory(stackClient(stack.url, stack.anonKey), { userId: other, cursor: null, pageSize: 10 }),
    ).rejects.toThrow(/42501: permission denied for table check_ins/);
  });

  it("history: an Index Scan on idx_checkins_user_date with no Sort, first page and next pages, as PostgREST plans them", async () => {
    const { rows } = await client.query<{ user_id: string }>("select user_id from public.check_ins group by user_id having count(*) = 250 limit 1");
    const userId = rows[0]!.user_id;
    const first = await fetchCheckInHistory(signedIn(userId), { userId, cursor: null, pageSize: 20 });
    const firstRequest = lastPlanned();
    expect(first.items).toHaveLength(20);
    // numeric(3,1) arrives as a JSON number through PostgREST's json_agg, as CheckIn declares it.
    expect(first.items.map((i) => typeof i.sleep_hours)).toEqual(Array(20).fill("number"));
    await fetchCheckInHistory(signedIn(userId), { userId, cursor: first.nextCursor, pageSize: 20 });
    const nextRequest = lastPlanned();
    expect(nextRequest.url.searchParams.get("checkin_date")).toBe(`lt.${first.nextCursor}`);
    expect([nextRequest.url.searchParams.get("order"), nextRequest.url.searchParams.get("limit")]).toEqual(["checkin_date.desc", "21"]);
    for (const { nodes } of [firstRequest, nextRequest]) {
      const plan = describePlan(nodes);
      expect(nodes.some((n) => n["Node Type"] === "Index Scan" && n["Index Name"] === "idx_checkins_user_date"), plan).toBe(true);
      expect(nodes.filter((n) => /Sort/.test(n["Node Type"])), plan).toEqual([]);
      expect(nodes.filter((n) => n["Node Type"] === "Seq Scan"), plan).toEqual([]);
    }
  });

  it("the sync engine's pull: rows of the last two weeks, newest first, a range scan of idx_checkins_user_date", async () => {
    const { rows } = await client.query<{ user_id: string; since: string }>(
      `select user_id, to_json((array_agg(checkin_date order by checkin_date desc))[27]) #>> '{}' as since
         from public.check_ins group by user_id having count(*) = 250 limit 1`,
    );
    const { user_id: userId, since } = rows[0]!;
    const newerThan = since;
    const page = await fetchCheckInHistory(signedIn(userId), { userId, cursor: null, pageSize: 100, newerThan });
    const request = lastPlanned();
    expect(request.url.searchParams.get("checkin_date")).toBe(`gt.${newerThan}`);
    expect(page.items).toHaveLength(26);
    expect(page.items.every((c) => Date.parse(c.checkin_date) > Date.parse(newerThan))).toBe(true);
    const plan = describePlan(request.nodes);
    // Index Scan, or a Bitmap Index Scan when the planner expects many rows: either way the index, never the table.
    expect(request.nodes.some((n) => /Index Scan/.test(n["Node Type"]) && n["Index Name"] === "idx_checkins_user_date"), plan).toBe(true);
    expect(request.nodes.filter((n) => n["Node Type"] === "Seq Scan"), plan).toEqual([]);
  });

  it("predictions by type: newest first, only the user's own, through the (user_id, prediction_type) index", async () => {
    const { rows } = await client.query<{ user_id: string }>("select user_id from public.predictions group by user_id having count(*) = 250 limit 1");
    const userId = rows[0]!.user_id;
    const predictions = await fetchPredictionsByType(signedIn(userId), { userId, type: "stress_forecast", limit: 10 });
    expect(predictions).toHaveLength(10);
    expect(new Set(predictions.map((p) => p.user_id))).toEqual(new Set([userId]));
    expect(new Set(predictions.map((p) => p.prediction_type))).toEqual(new Set(["stress_forecast"]));
    const times = predictions.map((p) => Date.parse(p.created_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const { rows: newest } = await client.query<{ id: string }>(
      "select id from public.predictions where user_id = $1 and prediction_type = 'stress_forecast' order by created_at desc limit 10",
      [userId],
    );
    expect(predictions.map((p) => p.id)).toEqual(newest.map((r) => r.id));

    const { nodes } = lastPlanned();
    const plan = describePlan(nodes);
    expect(nodes.some((n) => /^idx_predictions_user_type/.test(n["Index Name"] ?? "")), plan).toBe(true);
    expect(nodes.filter((n) => n["Node Type"] === "Seq Scan"), plan).toEqual([]);
    expect(await fetchPredictionsByType(signedIn(pager), { userId, type: "stress_forecast", limit: 10 })).toEqual([]);
  });
});
