import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measureScaleCurve, parseSizes, ScaleSizesError, type ScalePoint } from "@/scripts/db/scale";
import { growScaleData, ScaleLoadError, scaleUserId } from "@/scripts/db/scale-load";
import { applyMigrations, bootstrap } from "./support/apply";
import { startTestDatabase, type TestDatabase } from "./support/postgres";

// The scale curve of `npm run bench:db` (scripts/db/scale.ts), its whole code path at two small sizes (10k, then
// grown to 20k check-ins): the growth, the measurements without 011's indices, 011 built under a live writer, the
// measurements with them, the drop between sizes. Times are recorded by the benchmark, not asserted here; what is
// asserted is what does not depend on the machine: the plans (the history, pull and predictions queries use 011's
// indices, and do not when they are absent), no acknowledged write lost, the sizes read.
// TEST_PG_PORT: a fixed PostgreSQL port on a shared machine (a free one when unset).
const SIZES = [10_000, 20_000];

describe("scale curve: the app's queries at growing table sizes", () => {
  let db: TestDatabase;
  let points: ScalePoint[];

  beforeAll(async () => {
    db = await startTestDatabase({ port: process.env.TEST_PG_PORT ? Number(process.env.TEST_PG_PORT) : undefined });
    const client = await db.connect();
    try {
      await bootstrap(client);
    } finally {
      await client.end();
    }
    // As scripts/db/bench-scale.ts: the schema up to 012 (013's indices would be a fallback for "no index").
    await applyMigrations(db, { until: "011" });
    await applyMigrations(db, { from: "012", until: "013" });
    points = await measureScaleCurve(db, { sizes: SIZES, indexedRuns: 20, noIndexRuns: () => 3, log: () => {} });
  }, 600_000);

  afterAll(async () => {
    await db?.stop();
  });

  it("measures every size, with the table grown to it", () => {
    expect(points.map((p) => p.users)).toEqual(SIZES.map((s) => s / 10 + 1)); // + the CIC writer
    for (const [i, point] of points.entries()) {
      // The writer's rows come on top of the loaded ones; it inserts check-in and prediction together.
      expect(point.rows).toBeGreaterThanOrEqual(SIZES[i]!);
      expect(point.predictions_rows).toBe(point.rows);
      for (const q of ["history", "predictions", "pull"] as const) {
        expect(point[q].indexed.runs).toBe(20);
        expect(point[q].no_index.runs).toBe(3);
        expect(point[q].indexed.p50_ms).toBeGreaterThan(0);
        expect(point[q].execution_p50_ms_indexed).toBeGreaterThan(0);
      }
    }
  });

  it("reads history and the pull-sync page through idx_checkins_user_date at every size", () => {
    for (const point of points) {
      for (const q of ["history", "pull"] as const) {
        // An Index Scan, or a Bitmap Index Scan when each user's few rows sit on as many pages: either way the index.
        expect(point[q].plan_indexed.plan, `${q} at ${point.rows} rows`).toMatch(/(Bitmap )?Index Scan using idx_checkins_user_date/);
        expect(point[q].plan_indexed.uses_index).toEqual(["idx_checkins_user_date"]);
        expect(point[q].generic_plan_indexed, `${q}'s generic plan at ${point.rows} rows`).toMatch(/Index Scan using idx_checkins_user_date/);
        expect(point[q].plan_indexed.plan).not.toMatch(/Seq Scan/);
      }
      expect(point.predictions.plan_indexed.uses_index).toEqual(["idx_predictions_user_type"]);
      expect(point.predictions.generic_plan_indexed).toMatch(/Index Scan using idx_predictions_user_type/);
    }
  });

  it("measures 'no index' without 011's indices: each size starts without them", () => {
    for (const point of points) {
      expect(point.history.plan_no_index.uses_index).not.toContain("idx_checkins_user_date");
      expect(point.pull.plan_no_index.uses_index).not.toContain("idx_checkins_user_date");
      // The planner may walk 002's (checkin_id, user_id) index whole instead of the heap: no shortcut either.
      expect(point.predictions.plan_no_index.uses_index).not.toContain("idx_predictions_user_type");
    }
  });

  it("builds 011 under a live writer at every size and loses no acknowledged write", () => {
    for (const point of points) {
      expect(point.cic.build_ms).toBeGreaterThan(0);
      expect(point.cic.inserts).toBeGreaterThan(0);
      expect(point.cic.max_insert_stall_ms).toBeGreaterThan(0);
      expect(point.cic.rows_lost).toBe(0);
      expect(point.cic.writer_lock_wait_samples).toBe(0);
    }
  });

  it("records the index's size, which grows with the table", () => {
    const [small, large] = points as [ScalePoint, ScalePoint];
    expect(small.sizes.idx_checkins_user_date_bytes).toBeGreaterThan(0);
    expect(large.sizes.idx_checkins_user_date_bytes).toBeGreaterThan(small.sizes.idx_checkins_user_date_bytes);
    expect(large.sizes.idx_checkins_user_date_levels).toBeGreaterThanOrEqual(1);
    expect(large.sizes.idx_checkins_user_date_bytes_per_row).toBeGreaterThan(8);
  });

  it("derives the same user ids in TypeScript as in SQL", async () => {
    const client = await db.connect();
    try {
      const { rows } = await client.query<{ id: string }>("select id::text from auth.users where email = 'scale7@example.com'");
      expect(rows[0]?.id).toBe(scaleUserId(7));
    } finally {
      await client.end();
    }
  });

  it("refuses sizes and growth it cannot measure, with a message that says what is expected", async () => {
    expect(parseSizes("100000, 1_000_000")).toEqual([100_000, 1_000_000]);
    expect(() => parseSizes("1000000,100000")).toThrow(ScaleSizesError);
    expect(() => parseSizes("100005")).toThrow(/multiple of 10/);
    expect(() => parseSizes("1e5x")).toThrow(/BENCH_SIZES/);
    await expect(growScaleData(() => db.connect(), { fromUsers: 2000, toUsers: 1000 })).rejects.toThrow(ScaleLoadError);
  });
});
