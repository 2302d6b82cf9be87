import { describe, expect, it } from "vitest";
import { CheckInValidationError, checkInInputSchema, storedCheckInSchema } from "@/lib/domain/check-in";

const valid = { mood: 7, energy: 6, stress: 4, sleep_hours: 7.5, activity_minutes: 30, notes: "Walked to work." };
const issues = (schema: typeof checkInInputSchema | typeof storedCheckInSchema, over: Record<string, unknown>) => {
  const result = schema.safeParse({ ...valid, ...over });
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

// Energy and stress: required by the form, nullable in storage (rows imported from Daylio have neither; README).
describe("the form's rules and the stored row's rules", () => {
  it("the form still requires energy and stress", () => {
    expect(issues(checkInInputSchema, { energy: null })).toEqual(["energy: Energy must be a number from 1 to 10."]);
    expect(issues(checkInInputSchema, { stress: null })).toEqual(["stress: Stress must be a number from 1 to 10."]);
  });

  it("a stored row may leave energy and stress empty, and nothing else that the form requires", () => {
    const imported = { ...valid, energy: null, stress: null, sleep_hours: null, activity_minutes: null };
    expect(storedCheckInSchema.parse({ ...imported, id: "x" })).toEqual(imported);
    expect(issues(storedCheckInSchema, { mood: null })).toEqual(["mood: Mood must be a number from 1 to 10."]);
    expect(() => storedCheckInSchema.parse({ ...valid, mood: null })).toThrowError(CheckInValidationError);
  });

  it("a stored row keeps every range rule", () => {
    expect(issues(storedCheckInSchema, { energy: 11, stress: 0.5 })).toEqual([
      "energy: Energy must be at most 10.",
      "stress: Stress must be a whole number.",
      "stress: Stress must be at least 1.",
    ]);
    expect(issues(storedCheckInSchema, { energy: undefined })).toEqual(["energy: Energy must be a number from 1 to 10."]);
  });
});
