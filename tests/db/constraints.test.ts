import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKIN_LIMITS } from "@/lib/domain/check-in";
import { PREDICTION_TYPES } from "@/lib/domain/prediction";
import { applyMigrations, bootstrap } from "./support/apply";
import { startTestDatabase, type TestDatabase } from "./support/postgres";
import { createUsers } from "./support/sessions";

// The database rejects bad values on its own, for any client that skips the form, with an error that names the rule.
describe("CHECK constraints on real PostgreSQL", () => {
  let db: TestDatabase;
  let client: pg.Client;
  let userId: string;
  let checkinId: string;

  const good = { mood: 5, energy: 5, stress: 5, sleep_hours: 7.5, activity_minutes: 30, notes: "fine" };
  const insertCheckIn = (values: Partial<Record<keyof typeof good, unknown>>) => {
    const row = { ...good, ...values };
    return client.query(
      "insert into public.check_ins (user_id, mood, energy, stress, sleep_hours, activity_minutes, notes) values ($1, $2, $3, $4, $5, $6, $7) returning *",
      [userId, row.mood, row.energy, row.stress, row.sleep_hours, row.activity_minutes, row.notes],
    );
  };
  const goodPrediction = {
    prediction_type: "burnout_risk",
    model_name: "lgbm_burnout_v1",
    model_version: "1",
    label: "no" as string | null,
    score: 0.8 as number | string,
    probabilities: "[0.8, 0.2]" as string | null,
  };
  const insertPrediction = (values: Partial<typeof goodPrediction>) => {
    const row = { ...goodPrediction, ...values };
    return client.query(
      "insert into public.predictions (user_id, checkin_id, prediction_type, model_name, model_version, label, score, probabilities) values ($1, $2, $3, $4, $5, $6, $7, $8)",
      [userId, checkinId, row.prediction_type, row.model_name, row.model_version, row.label, row.score, row.probabilities],
    );
  };

  beforeAll(async () => {
    db = await startTestDatabase();
    client = await db.connect();
    await bootstrap(client);
    await applyMigrations(db);
    [userId] = (await createUsers(client, ["c@example.com"])) as [string];
    checkinId = (await insertCheckIn({})).rows[0].id;
  });

  afterAll(async () => {
    await client?.end();
    await db?.stop();
  });

  it("uses the same ranges as the form (lib/domain/check-in.ts)", async () => {
    const { rows } = await client.query<{ conname: string; def: string }>(
      "select conname, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'public.check_ins'::regclass and contype = 'c'",
    );
    const defs = Object.fromEntries(rows.map((r) => [r.conname, r.def]));
    for (const field of ["mood", "energy", "stress", "activity_minutes"] as const) {
      const { min, max } = CHECKIN_LIMITS[field];
      expect(defs[`check_ins_${field}_range`]).toMatch(new RegExp(`>= ${min}\\b.*<= ${max}\\b`));
    }
    expect(defs.check_ins_sleep_hours_range).toMatch(/>= \(?0\)?.*<= \(?24\)?/);
    expect(defs.check_ins_notes_length).toContain(`<= ${CHECKIN_LIMITS.notes.maxLength}`);
    const { rows: typeRows } = await client.query<{ def: string }>(
      "select pg_get_constraintdef(oid) as def from pg_constraint where conname = 'predictions_prediction_type_known'",
    );
    expect([...typeRows[0]!.def.matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1])).toEqual([...PREDICTION_TYPES]);
  });

  const badCheckIns: [string, Partial<Record<keyof typeof good, unknown>>, RegExp][] = [
    ["mood 0", { mood: 0 }, /violates check constraint "check_ins_mood_range"/],
    ["mood 11", { mood: 11 }, /violates check constraint "check_ins_mood_range"/],
    ["mood missing", { mood: null }, /null value in column "mood" .* violates not-null constraint/],
    ["energy 11", { energy: 11 }, /"check_ins_energy_range"/],
    ["stress -1", { stress: -1 }, /"check_ins_stress_range"/],
    ["sleep 24.5 hours", { sleep_hours: 24.5 }, /"check_ins_sleep_hours_range"/],
    ["sleep -0.5 hours", { sleep_hours: -0.5 }, /"check_ins_sleep_hours_range"/],
    ["sleep 100 hours (past numeric(3,1))", { sleep_hours: 100 }, /numeric field overflow/],
    ["activity 1441 minutes", { activity_minutes: 1441 }, /"check_ins_activity_minutes_range"/],
    ["activity -1 minutes", { activity_minutes: -1 }, /"check_ins_activity_minutes_range"/],
    ["notes of 2001 characters", { notes: "x".repeat(2001) }, /"check_ins_notes_length"/],
    ["mood 7.5", { mood: "7.5" }, /invalid input syntax for type smallint/],
  ];
  it.each(badCheckIns)("rejects a check-in with %s", async (_name, values, message) => {
    await expect(insertCheckIn(values)).rejects.toThrow(message);
  });

  it("accepts the edges of every range, notes of exactly 2000 characters (in any script), and empty optionals", async () => {
    await expect(insertCheckIn({ mood: 1, energy: 10, stress: 1, sleep_hours: 0, activity_minutes: 1440, notes: "é".repeat(2000) })).resolves.toBeDefined();
    await expect(insertCheckIn({ mood: 10, energy: 1, stress: 10, sleep_hours: 24, activity_minutes: 0, notes: null })).resolves.toBeDefined();
    await expect(insertCheckIn({ sleep_hours: null, activity_minutes: null })).resolves.toBeDefined();
  });

  // 015: rows imported from Daylio carry no energy or stress; the form still requires both (lib/domain/check-in-fields.ts).
  it("accepts a check-in without energy or stress, still checks their ranges, and still requires mood", async () => {
    const { rows } = await insertCheckIn({ energy: null, stress: null, sleep_hours: null, activity_minutes: null, notes: null });
    expect(rows[0]).toMatchObject({ mood: 5, energy: null, stress: null });
    await expect(insertCheckIn({ energy: null, stress: 11 })).rejects.toThrow(/"check_ins_stress_range"/);
    await expect(insertCheckIn({ mood: null, energy: null, stress: null })).rejects.toThrow(/null value in column "mood" .* violates not-null constraint/);
    const { rows: columns } = await client.query<{ column_name: string; is_nullable: string }>(
      "select column_name, is_nullable from information_schema.columns where table_schema = 'public' and table_name = 'check_ins' and column_name in ('mood', 'energy', 'stress') order by column_name",
    );
    expect(columns).toEqual([
      { column_name: "energy", is_nullable: "YES" },
      { column_name: "mood", is_nullable: "NO" },
      { column_name: "stress", is_nullable: "YES" },
    ]);
  });

  const badPredictions: [string, Partial<typeof goodPrediction>, RegExp][] = [
    ["an unknown type", { prediction_type: "weather" }, /"predictions_prediction_type_known"/],
    ["an empty model name", { model_name: "" }, /"predictions_model_name_length"/],
    ["an empty label", { label: "" }, /"predictions_label_length"/],
    ["a NaN score", { score: "NaN" }, /"predictions_score_finite"/],
    ["an infinite score", { score: "Infinity" }, /"predictions_score_finite"/],
    ["probabilities that are an object", { probabilities: '{"no": 0.8}' }, /"predictions_probabilities_shape"/],
    ["a single probability", { probabilities: "[1]" }, /"predictions_probabilities_shape"/],
    ["a probability above 1", { probabilities: "[1.5, -0.5]" }, /"predictions_probabilities_shape"/],
    ["a probability that is text", { probabilities: '[0.5, "0.5"]' }, /"predictions_probabilities_shape"/],
  ];
  it.each(badPredictions)("rejects a prediction with %s", async (_name, values, message) => {
    await expect(insertPrediction(values)).rejects.toThrow(message);
  });

  it("accepts a classifier's and a regression's prediction", async () => {
    await expect(insertPrediction({})).resolves.toBeDefined();
    await expect(
      insertPrediction({ prediction_type: "sleep_quality", model_name: "lgbm_sleep_quality_v1", label: null, score: 71.5, probabilities: null }),
    ).resolves.toBeDefined();
  });

  it("deletes a check-in's predictions with it, and a user's everything with the user", async () => {
    const { rows } = await insertCheckIn({});
    const id = rows[0].id as string;
    await client.query(
      "insert into public.predictions (user_id, checkin_id, prediction_type, model_name, model_version, score) values ($1, $2, 'stress_forecast', 'm', '1', 4)",
      [userId, id],
    );
    await client.query("delete from public.check_ins where id = $1", [id]);
    expect((await client.query("select 1 from public.predictions where checkin_id = $1", [id])).rowCount).toBe(0);
    await client.query("delete from auth.users where id = $1", [userId]);
    const { rows: left } = await client.query<{ n: number }>(
      "select (select count(*) from public.check_ins where user_id = $1) + (select count(*) from public.predictions where user_id = $1) as n",
      [userId],
    );
    expect(Number(left[0]!.n)).toBe(0);
  });
});
