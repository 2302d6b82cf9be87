import { describe, expect, it } from "vitest";
import { checkImportLimits } from "@/lib/data/import/import-limits";
import type { ImportPlan } from "@/lib/data/import/import-plan";
import { historyRows } from "@/tests/support/import-rows";

const ME = "44444444-4444-4444-8444-444444444444";

describe("checkImportLimits (014: 100 check-ins per UTC day, 20,000 per account)", () => {
  it("skips the check-ins past a day's 100, counting those already stored, with their predictions and a line each", () => {
    // 103 check-ins on one UTC day (an hour apart would not fit: 2 a minute from 00:00).
    const { checkIns, predictions } = historyRows(ME, 103);
    const day = Date.UTC(2026, 5, 1);
    checkIns.forEach((c, i) => (c.checkin_date = new Date(day + i * 30_000).toISOString()));
    const lines = new Map(checkIns.map((c, i) => [c.id, 10 + i]));
    const plan: ImportPlan = { source: "backup", checkIns, predictions, problems: [], lines };
    const existing = [{ id: "stored-1", checkin_date: new Date(day + 3_600_000 * 20).toISOString() }];
    const checked = checkImportLimits(plan, existing);
    expect(checked.plan.checkIns).toEqual(checkIns.slice(0, 99));
    expect(checked.plan.predictions).toEqual(predictions.filter((p) => checked.plan.checkIns.some((c) => c.id === p.checkin_id)));
    expect(checked.plan.problems).toEqual(
      [109, 110, 111, 112].map((line) => ({
        line,
        field: "checkin_date",
        message: "More than 100 check-ins on 2026-06-01 (UTC): Supabase keeps at most 100 a day, so this one is skipped.",
      })),
    );
    expect(checked).toMatchObject({ totalAfter: 100, overAccountLimit: false });
  });

  it("warns when the account would pass 20,000 check-ins, and counts a row already stored once", () => {
    const { checkIns } = historyRows(ME, 20);
    const existing = [...Array.from({ length: 19_985 }, (_, i) => ({ id: `old-${i}`, checkin_date: "2020-01-01T00:00:00.000Z" })), ...checkIns.slice(0, 5)];
    const plan: ImportPlan = { source: "backup", checkIns, predictions: [], problems: [], lines: new Map() };
    expect(checkImportLimits(plan, existing)).toMatchObject({ totalAfter: 20_005, overAccountLimit: true });
    expect(checkImportLimits(plan, existing.slice(10))).toMatchObject({ totalAfter: 19_995, overAccountLimit: false });
  });
});
