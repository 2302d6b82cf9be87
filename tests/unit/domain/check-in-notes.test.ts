import { describe, expect, it } from "vitest";
import { checkInInputSchema } from "@/lib/domain/check-in";

const withNotes = (notes: string | null) => ({ mood: 5, energy: 5, stress: 5, sleep_hours: null, activity_minutes: null, notes });
const notesError = (notes: string) => {
  const result = checkInInputSchema.safeParse(withNotes(notes));
  return result.success ? null : result.error.issues.map((i) => i.message).join(" ");
};

// PostgreSQL refuses both when it parses the request (invalid UTF-8 / "unsupported Unicode escape sequence"), so the
// schema must refuse them first, or the check-in would sit in the offline queue and fail on every sync.
describe("check-in notes: text PostgreSQL can store", () => {
  it("refuses U+0000 with a message that names it", () => {
    expect(notesError("before\u0000after")).toMatch(/NUL character \(U\+0000\)/);
  });

  it.each([
    ["a lone high surrogate", "broken \uD83D here"],
    ["a lone high surrogate at the end", "cut emoji \uD83D"],
    ["a lone low surrogate", "\uDE00 at the start"],
    ["two high surrogates", "\uD83D\uD83D\uDE00"],
  ])("refuses %s with a message that says what to do", (_, notes) => {
    expect(notesError(notes)).toMatch(/broken character.*delete it and type it again/);
  });

  it("accepts emoji (surrogate pairs), accents, newlines and tabs", () => {
    expect(notesError("Slept well 😀 — café\n\tthen a walk 🚶‍♀️")).toBeNull();
    expect(checkInInputSchema.safeParse(withNotes(null)).success).toBe(true);
  });
});
