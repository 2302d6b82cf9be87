import { describe, expect, it } from "vitest";
import { CheckInValidationError, checkInInputSchema } from "@/lib/domain/check-in";

const valid = { mood: 7, energy: 6, stress: 4, sleep_hours: 7.5, activity_minutes: 30, notes: "Walked to work." };
const messages = (over: Record<string, unknown>) => {
  const result = checkInInputSchema.safeParse({ ...valid, ...over });
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

// The same ranges as the database's CHECKs (tests/db/constraints.test.ts), with the messages the form shows.
describe("check-in rules (hand-written, no schema library on the first load)", () => {
  it("accepts a full check-in and one with only the three scores, keeping only a check-in's fields", () => {
    expect(checkInInputSchema.parse({ ...valid, id: "x", user_id: "u" })).toEqual(valid);
    const minimal = { mood: 1, energy: 10, stress: 5, sleep_hours: null, activity_minutes: null, notes: null };
    expect(checkInInputSchema.parse(minimal)).toEqual(minimal);
    expect(messages({ sleep_hours: 0, activity_minutes: 1440, notes: "x".repeat(2000) })).toEqual([]);
  });

  it("names each field and rule, every broken rule in order", () => {
    expect(messages({ mood: 0 })).toEqual(["mood: Mood must be at least 1."]);
    expect(messages({ energy: 11 })).toEqual(["energy: Energy must be at most 10."]);
    expect(messages({ stress: 0.5 })).toEqual(["stress: Stress must be a whole number.", "stress: Stress must be at least 1."]);
    expect(messages({ mood: Number.NaN })).toEqual(["mood: Mood must be a number from 1 to 10."]);
    expect(messages({ mood: Number.POSITIVE_INFINITY })).toEqual(["mood: Mood must be a number from 1 to 10."]);
    expect(messages({ mood: "7" })).toEqual(["mood: Mood must be a number from 1 to 10."]);
    expect(messages({ sleep_hours: 25 })).toEqual(["sleep_hours: Sleep must be at most 24 hours."]);
    expect(messages({ sleep_hours: -1 })).toEqual(["sleep_hours: Sleep cannot be negative."]);
    expect(messages({ sleep_hours: 7.25 })).toEqual(["sleep_hours: Sleep takes at most one decimal (e.g. 7.5)."]);
    expect(messages({ sleep_hours: undefined })).toEqual(["sleep_hours: Sleep must be a number of hours."]);
    expect(messages({ activity_minutes: 1441 })).toEqual(["activity_minutes: Activity must be at most 1440 minutes (a day)."]);
    expect(messages({ activity_minutes: 2.5 })).toEqual(["activity_minutes: Activity must be whole minutes."]);
    expect(messages({ notes: "x".repeat(2001) })).toEqual(["notes: Notes must be at most 2000 characters."]);
    expect(messages({ notes: 42 })).toEqual(["notes: Notes must be text."]);
  });

  it("throws a named error whose message says nothing was saved and why", () => {
    expect(() => checkInInputSchema.parse({ ...valid, mood: 0, sleep_hours: 25 })).toThrowError(CheckInValidationError);
    expect(() => checkInInputSchema.parse({ ...valid, mood: 0 })).toThrowError("The check-in was not saved: Mood must be at least 1.");
    expect(checkInInputSchema.safeParse(null)).toEqual({ success: false, error: { issues: [{ path: [], message: "A check-in must be an object." }] } });
  });
});
