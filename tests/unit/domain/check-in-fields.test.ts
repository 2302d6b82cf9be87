import { describe, expect, expectTypeOf, it } from "vitest";
import { EMPTY_FORM, parseCheckInForm } from "@/app/_components/check-in-fields";
import { CHECK_IN_CSV_COLUMNS } from "@/lib/data/your-data/export-data";
import { type CheckIn, type CheckInInput, CHECKIN_LIMITS } from "@/lib/domain/check-in";
import type { CheckInFields } from "@/lib/domain/check-in-fields";
import {
  CHECK_IN_COLUMNS,
  CHECK_IN_SELECT,
  type DatabaseCheckInRow,
  type RowOf,
  type SameShape,
  checkInFromRow,
  checkInToRow,
} from "@/lib/domain/check-in-row";

const checkIn: CheckIn = {
  id: "5f1c7a0e-0000-4000-8000-000000000001",
  user_id: "5f1c7a0e-0000-4000-8000-0000000000aa",
  checkin_date: "2026-12-07T08:30:00.000Z",
  mood: 7,
  energy: 6,
  stress: 4,
  sleep_hours: 7.5,
  activity_minutes: null,
  notes: "Walked to work.",
  created_at: "2026-12-07T08:30:01.000Z",
};

describe("the check-in field table and what is built from it", () => {
  it("gives every place the same columns, in the table's order", () => {
    expect(CHECK_IN_COLUMNS).toEqual(["id", "user_id", "checkin_date", "mood", "energy", "stress", "sleep_hours", "activity_minutes", "notes", "created_at"]);
    expect(CHECK_IN_SELECT).toBe(CHECK_IN_COLUMNS.join(","));
    expect(CHECK_IN_CSV_COLUMNS).toEqual(CHECK_IN_COLUMNS.filter((c) => c !== "user_id"));
    expect(Object.keys(EMPTY_FORM)).toEqual(["mood", "energy", "stress", "sleep_hours", "activity_minutes", "notes"]);
    expect(CHECKIN_LIMITS).toEqual({
      mood: { min: 1, max: 10 },
      energy: { min: 1, max: 10 },
      stress: { min: 1, max: 10 },
      sleep_hours: { min: 0, max: 24 },
      activity_minutes: { min: 0, max: 1440 },
      notes: { maxLength: 2000 },
    });
  });

  it("sends exactly a check-in's columns, whatever else the object carries", () => {
    expect(checkInToRow({ ...checkIn, queued: true } as CheckIn)).toEqual(checkIn);
    expect(Object.keys(checkInToRow(checkIn))).toEqual([...CHECK_IN_COLUMNS]);
  });

  it("normalises a PostgREST row: browser-format timestamps, numeric as a number, nulls kept", () => {
    const row = {
      ...checkIn,
      checkin_date: "2026-12-07T08:30:00.123456+00:00",
      created_at: "2026-12-07 09:30:01+01",
      sleep_hours: "7.5" as unknown as number,
      extra: "dropped",
    } as DatabaseCheckInRow;
    expect(checkInFromRow(row)).toEqual({ ...checkIn, checkin_date: "2026-12-07T08:30:00.123Z" });
    expect(checkInFromRow({ ...row, sleep_hours: null })).toMatchObject({ sleep_hours: null, activity_minutes: null });
  });

  it("parses the form's text by each field's kind: empty optional → null, empty required → a field error", () => {
    expect(parseCheckInForm({ ...EMPTY_FORM, mood: "7", energy: " 6 ", stress: "4", sleep_hours: "7.5", notes: "  " })).toEqual({
      ok: true,
      input: { mood: 7, energy: 6, stress: 4, sleep_hours: 7.5, activity_minutes: null, notes: null },
    });
    expect(parseCheckInForm({ ...EMPTY_FORM, mood: "7", stress: "4", notes: " kept as typed " })).toEqual({
      ok: false,
      errors: { energy: "Energy must be a number from 1 to 10." },
    });
  });

  it("fails to compile where the table and the database disagree (checked by `npm run typecheck`)", () => {
    expectTypeOf<RowOf<CheckInFields>>().branded.toEqualTypeOf<CheckIn>();
    expectTypeOf<SameShape<RowOf<CheckInFields>, DatabaseCheckInRow>>().toEqualTypeOf<true>();
    expectTypeOf<CheckInInput>().toEqualTypeOf<{
      mood: number;
      energy: number;
      stress: number;
      sleep_hours: number | null;
      activity_minutes: number | null;
      notes: string | null;
    }>();
    // Stored rows: energy and stress may be null (imported from Daylio); mood never.
    expectTypeOf<CheckIn["energy"]>().toEqualTypeOf<number | null>();
    expectTypeOf<CheckIn["stress"]>().toEqualTypeOf<number | null>();
    expectTypeOf<CheckIn["mood"]>().toEqualTypeOf<number>();

    type Water = { kind: "number"; name: "water_ml"; label: "Water (ml)"; hint: ""; min: 0; max: 9999; precision: "whole"; inputStep: "1"; nullable: true; messages: { notANumber: ""; precision: ""; min: ""; max: "" } };
    // A field added to the table without its column in the database (a migration and `npm run db:types`):
    // @ts-expect-error water_ml is not a column of public.check_ins
    const withoutMigration: SameShape<RowOf<readonly [...CheckInFields, Water]>, DatabaseCheckInRow> = true;
    // A field dropped from the table while the database still has its column:
    type WithoutNotes = readonly Exclude<CheckInFields[number], { name: "notes" }>[];
    // @ts-expect-error notes is a column the table no longer describes
    const droppedField: SameShape<RowOf<WithoutNotes>, DatabaseCheckInRow> = true;
    // A required field the database allows to be null (or the reverse):
    type MoodOptional = readonly (Exclude<CheckInFields[number], { name: "mood" }> | (Extract<CheckInFields[number], { name: "mood" }> & { nullable: true }))[];
    // @ts-expect-error mood is NOT NULL in the database
    const nullabilityDiffers: SameShape<RowOf<MoodOptional>, DatabaseCheckInRow> = true;
    expect([withoutMigration, droppedField, nullabilityDiffers]).toEqual([true, true, true]);
  });
});
