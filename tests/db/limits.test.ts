import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSupabaseStack, type SupabaseStack } from "@/tests/stack/start-stack";
import { restAs, type RestAs, userToken } from "./support/rest";
import { claimsFor } from "./support/sessions";

/**
 * Migration 014's limits through real PostgREST 12.0.2 and PostgreSQL 17, attacked as issue 21 attacked them: the
 * flood (20,000 check-ins with 2,000-character notes in one request) and the oversized prediction (ten 16,000-digit
 * numbers), both by a plain INSERT and by push_changes; the day's and the account's limits at their boundary, and two
 * requests racing for the last place.
 */
const NOTES = "n".repeat(2000);
const DAY = "2026-11-04";

type Body = { code?: string; message?: string; hint?: string | null };

describe("014_limits: what one account may store, enforced by the database", () => {
  let stack: SupabaseStack;
  let alice: string;
  let bob: string;
  let asAlice: RestAs;

  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => stack.control.rows<T>(text, params);
  const countOf = async (table: string, user: string) => (await sql<{ n: number }>(`select count(*)::int as n from public.${table} where user_id = $1`, [user]))[0]!.n;
  /** Rows as the table owner would write them (the seed, a restore): not counted against, but counted towards. */
  const seed = (user: string, count: number, date: string | null = null) =>
    sql(
      `insert into public.check_ins (user_id, checkin_date, mood, energy, stress)
       select $1, coalesce($3::timestamptz, timestamptz '2001-01-01' + (i % 9000) * interval '1 day'), 5, 5, 5 from generate_series(1, $2::int) i`,
      [user, count, date],
    );
  const checkIn = (user: string, date: string, notes: string | null = null) => ({
    id: randomUUID(), user_id: user, checkin_date: date, mood: 5, energy: 5, stress: 5, sleep_hours: 7, activity_minutes: 10, notes,
    created_at: date,
  });
  const push = (as: RestAs, checkIns: unknown[], predictions: unknown[] = []) => as.post("rpc/push_changes", { p_epoch: 0, p_check_ins: checkIns, p_predictions: predictions });
  const tableBytes = async (table: string) => Number((await sql<{ n: string }>(`select pg_total_relation_size('public.${table}') as n`))[0]!.n);

  beforeAll(async () => {
    stack = await startSupabaseStack();
    alice = (await stack.control.createUser("alice@example.com", "correct horse battery")).id;
    bob = (await stack.control.createUser("bob@example.com", "correct horse battery")).id;
    asAlice = restAs(stack.url, stack.anonKey, userToken(alice, stack.jwtSecret));
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(async () => {
    // TRUNCATE, not DELETE: 20,000 rows deleted one by one fire 013's tombstone trigger 20,000 times.
    await sql("truncate public.check_ins, public.predictions, public.sync_tombstones");
  });

  describe("the flood: 20,000 check-ins with 2,000-character notes in one request", () => {
    const flood = () => Array.from({ length: 20_000 }, () => checkIn(alice, `${DAY}T12:00:00Z`, NOTES));

    it("is refused by a plain INSERT at its 101st row (400, SY429) and the table did not grow", async () => {
      const before = await tableBytes("check_ins");
      const reply = await asAlice.post("check_ins", flood());
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ code: "SY429", message: `Not stored: ${DAY} (UTC) already has 100 check-ins, the most one day can hold.` });
      expect(await countOf("check_ins", alice)).toBe(0);
      // The 100 rows written before the refusal are dead space (the attack stored 58 MB): under 1 MB here.
      expect((await tableBytes("check_ins")) - before).toBeLessThan(1_000_000);
    }, 120_000);

    it("is refused through push_changes too, and nothing of it is stored", async () => {
      const reply = await push(asAlice, flood());
      expect([reply.status, (reply.body as Body).code]).toEqual([400, "SY429"]);
      expect(await countOf("check_ins", alice)).toBe(0);
    }, 120_000);

    it("spread over many days (under 100 a day) is refused by the account's limit instead (400, SY507)", async () => {
      await seed(alice, 19_990);
      const rows = Array.from({ length: 11 }, (_, i) => checkIn(alice, new Date(Date.UTC(2026, 0, 1 + i)).toISOString()));
      const reply = await asAlice.post("check_ins", rows);
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ code: "SY507", message: "Not stored: your account already holds 20,000 check-ins, the most one account can hold." });
      expect(await countOf("check_ins", alice)).toBe(19_990);
    }, 120_000);
  });

  describe("the oversized prediction: ten numbers of 16,000 digits", () => {
    const huge = `0.${"1".repeat(15_998)}`;
    const hugeProbabilities = `[${Array.from({ length: 10 }, () => huge).join(",")}]`;
    // Built as text: no JavaScript number has 16,000 digits, so JSON.stringify could never send this.
    const predictionText = (checkinId: string) =>
      `{"id":"${randomUUID()}","user_id":"${alice}","checkin_id":"${checkinId}","prediction_type":"mood_tomorrow","model_name":"m","model_version":"1","label":"low","score":0.1,"probabilities":${hugeProbabilities}}`;
    const postText = (path: string, text: string) =>
      fetch(`${stack.url}/rest/v1/${path}`, { method: "POST", headers: { ...asAlice.headers(), "content-type": "application/json" }, body: text });

    it("is refused by a plain INSERT (400, 23514 predictions_probabilities_size) and the table did not grow", async () => {
      const c = checkIn(alice, `${DAY}T12:00:00Z`);
      expect((await asAlice.post("check_ins", c)).status).toBe(201);
      const response = await postText("predictions", predictionText(c.id));
      const body = (await response.json()) as Body;
      expect([response.status, body.code]).toEqual([400, "23514"]);
      expect(body.message).toMatch(/violates check constraint "predictions_probabilities_size"/);
      expect(await countOf("predictions", alice)).toBe(0);
    });

    it("is refused through push_changes, with its check-in (one transaction)", async () => {
      const c = checkIn(alice, `${DAY}T12:00:00Z`);
      const response = await postText("rpc/push_changes", `{"p_epoch":0,"p_check_ins":[${JSON.stringify(c)}],"p_predictions":[${predictionText(c.id)}]}`);
      expect([response.status, ((await response.json()) as Body).code]).toEqual([400, "23514"]);
      expect([await countOf("check_ins", alice), await countOf("predictions", alice)]).toEqual([0, 0]);
    });

    it("still takes what the app sends (4 decimals), and full doubles down to 20 decimal places; not a 21st", async () => {
      const c = checkIn(alice, `${DAY}T12:00:00Z`);
      const p = (probabilities: unknown, type = "mood_tomorrow") => ({
        id: randomUUID(), user_id: alice, checkin_id: c.id, prediction_type: type, model_name: "m", model_version: "1", label: "low", score: 0.5, probabilities,
      });
      const ok = await push(asAlice, [c], [p([0.1235, 0.8765]), p([0.30000000000000004, 0.7], "burnout_risk"), p([1e-7, 0.9999999, 0.00000000000000000001], "energy_dip")]);
      expect(ok.status).toBe(200);
      const refused = await push(asAlice, [], [p([0.000000000000000000001, 0.5], "sleep_quality")]);
      expect([refused.status, (refused.body as Body).message]).toEqual([400, 'new row for relation "predictions" violates check constraint "predictions_probabilities_size"']);
    });
  });

  describe("100 check-ins a day (the day: checkin_date's UTC date)", () => {
    it("takes the 100th, refuses the 101st with SY429 and a message a person can read, and takes the next UTC day", async () => {
      await seed(alice, 99, `${DAY}T00:00:00Z`);
      expect((await asAlice.post("check_ins", checkIn(alice, `${DAY}T23:59:59.999Z`))).status).toBe(201);
      const refused = await asAlice.post("check_ins", checkIn(alice, `${DAY}T08:00:00+02:00`));
      expect(refused).toEqual({
        status: 400,
        body: { code: "SY429", details: null, hint: "Delete some check-ins of that day first.", message: `Not stored: ${DAY} (UTC) already has 100 check-ins, the most one day can hold.` },
      });
      // 23:30 in New York on the 4th is the 5th in UTC: another day.
      expect((await asAlice.post("check_ins", checkIn(alice, `${DAY}T23:30:00-05:00`))).status).toBe(201);
      expect(await countOf("check_ins", alice)).toBe(101);
    });

    it("never refuses a re-sent check-in (a push whose answer was lost) at the limit", async () => {
      await seed(alice, 99, `${DAY}T00:00:00Z`);
      const last = checkIn(alice, `${DAY}T12:00:00Z`);
      expect((await push(asAlice, [last])).status).toBe(200);
      const again = await push(asAlice, [last]);
      expect(again).toMatchObject({ status: 200, body: { check_ins: [] } });
    });

    it("counts one person's rows only: Bob's 100 of the day do not limit Alice", async () => {
      await seed(bob, 100, `${DAY}T00:00:00Z`);
      expect((await asAlice.post("check_ins", checkIn(alice, `${DAY}T12:00:00Z`))).status).toBe(201);
    });

    it("lets two requests race for the last place: one is stored, the other refused (the second waits for the first's lock)", async () => {
      await seed(alice, 99, `${DAY}T00:00:00Z`);
      const outcome = await race(
        stack.db.url,
        alice,
        (client) => client.query("insert into public.check_ins (checkin_date, mood, energy, stress) values ($1, 5, 5, 5)", [`${DAY}T10:00:00Z`]),
        (client) => client.query("insert into public.check_ins (checkin_date, mood, energy, stress) values ($1, 5, 5, 5)", [`${DAY}T11:00:00Z`]),
      );
      expect(outcome).toEqual({ first: "stored", second: "SY429" });
      expect(await countOf("check_ins", alice)).toBe(100);
    });
  });

  describe("20,000 check-ins in all", () => {
    it("takes the 20,000th, refuses the 20,001st with SY507, through INSERT and push_changes", async () => {
      await seed(alice, 19_999);
      expect((await asAlice.post("check_ins", checkIn(alice, `${DAY}T12:00:00Z`))).status).toBe(201);
      for (const reply of [await asAlice.post("check_ins", checkIn(alice, `${DAY}T13:00:00Z`)), await push(asAlice, [checkIn(alice, `${DAY}T14:00:00Z`)])]) {
        expect(reply).toMatchObject({ status: 400, body: { code: "SY507", hint: "Download your data, then delete older check-ins to make room." } });
      }
      expect(await countOf("check_ins", alice)).toBe(20_000);
    }, 60_000);

    it("lets two requests race for the last place: one is stored, the other refused", async () => {
      await seed(alice, 19_999);
      const insert = (hour: number) => (client: pg.Client) =>
        client.query("insert into public.check_ins (checkin_date, mood, energy, stress) values ($1, 5, 5, 5)", [`${DAY}T${String(hour).padStart(2, "0")}:00:00Z`]);
      expect(await race(stack.db.url, alice, insert(10), insert(11))).toEqual({ first: "stored", second: "SY507" });
      expect(await countOf("check_ins", alice)).toBe(20_000);
    }, 60_000);
  });

  it("refuses a checkin_date before 2000-01-01 ('-infinity' included), from anyone; takes 2000-01-01 00:00 UTC", async () => {
    for (const date of ["1999-12-31T23:59:59Z", "-infinity", "1970-01-01T00:00:00Z"]) {
      const reply = await asAlice.post("check_ins", checkIn(alice, date));
      expect([reply.status, (reply.body as Body).message], date).toEqual([400, 'new row for relation "check_ins" violates check constraint "check_ins_checkin_date_from_2000"']);
    }
    await expect(seed(bob, 1, "1999-06-01T00:00:00Z")).rejects.toThrow(/check_ins_checkin_date_from_2000/);
    expect((await asAlice.post("check_ins", checkIn(alice, "2000-01-01T00:00:00Z"))).status).toBe(201);
    expect(await sql("select convalidated from pg_constraint where conname = 'check_ins_checkin_date_from_2000'")).toEqual([{ convalidated: true }]);
  });

  it("keeps one prediction per (check-in, type): push_changes ignores a second, a plain INSERT answers 409 / 23505", async () => {
    const c = checkIn(alice, `${DAY}T12:00:00Z`);
    const p = () => ({ id: randomUUID(), user_id: alice, checkin_id: c.id, prediction_type: "mood_tomorrow", model_name: "m", model_version: "1", label: "low", score: 0.5, probabilities: [0.5, 0.5] });
    const [first, second, third] = [p(), p(), p()];
    const pushed = await push(asAlice, [c], [first, second]);
    expect(pushed.status).toBe(200);
    expect((pushed.body as { predictions: { id: string }[] }).predictions.map((r) => r.id)).toEqual([first.id]);
    // Re-sent later with a new id (a device that made the prediction again): ignored, not refused.
    expect(await push(asAlice, [], [third])).toMatchObject({ status: 200, body: { predictions: [] } });
    expect(await asAlice.post("predictions", third)).toMatchObject({ status: 409, body: { code: "23505" } });
    expect(await sql("select id from public.predictions where checkin_id = $1", [c.id])).toEqual([{ id: first.id }]);
  });
});

/**
 * Two transactions of one user, as PostgREST runs them (role authenticated, the JWT claims set): the first inserts and
 * stays open; the second's insert is started and the test waits until PostgreSQL reports it waiting for a lock (an
 * event, seen in pg_stat_activity); then the first commits and the second finishes. Each outcome is "stored" or the
 * SQLSTATE it failed with.
 */
async function race(
  url: string,
  user: string,
  first: (client: pg.Client) => Promise<unknown>,
  second: (client: pg.Client) => Promise<unknown>,
): Promise<{ first: string; second: string }> {
  const clients = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
  const [a, b, watcher] = clients as [pg.Client, pg.Client, pg.Client];
  await Promise.all(clients.map((c) => c.connect()));
  const outcome = (p: Promise<unknown>) => p.then(() => "stored", (error: { code?: string }) => error.code ?? String(error));
  try {
    for (const client of [a, b]) {
      await client.query("begin");
      await client.query("set local role authenticated");
      await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(claimsFor("authenticated", user))]);
    }
    const firstOutcome = await outcome(first(a));
    const pid = (await b.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
    const secondDone = outcome(second(b).then(() => b.query("commit")));
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { rows } = await watcher.query("select 1 from pg_stat_activity where pid = $1 and wait_event_type = 'Lock'", [pid]);
      if (rows.length > 0) break;
      if (Date.now() > deadline) throw new Error("the second insert never waited for the first one's lock: the limit is not serialized");
    }
    await a.query("commit");
    const secondOutcome = await secondDone;
    if (secondOutcome !== "stored") await b.query("rollback");
    return { first: firstOutcome, second: secondOutcome };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}
