import { z } from "zod";

/**
 * The check-in's valid ranges. The database's CHECK constraints (supabase/migrations) use the same numbers;
 * the form, the feature extractor and the local store validate with this schema so bad input is rejected
 * in the browser with a field error, not first at the database.
 */
export const CHECKIN_LIMITS = {
  mood: { min: 1, max: 10 },
  energy: { min: 1, max: 10 },
  stress: { min: 1, max: 10 },
  sleep_hours: { min: 0, max: 24 },
  activity_minutes: { min: 0, max: 1440 },
  notes: { maxLength: 2000 },
} as const;

/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one: not valid Unicode text. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const score = (label: string) =>
  z
    .number({ error: `${label} must be a number from 1 to 10.` })
    .int(`${label} must be a whole number.`)
    .min(1, `${label} must be at least 1.`)
    .max(10, `${label} must be at most 10.`);

/** What a person enters. Sleep and activity may be left empty (the models treat them as missing). */
export const checkInInputSchema = z.object({
  mood: score("Mood"),
  energy: score("Energy"),
  stress: score("Stress"),
  sleep_hours: z
    .number({ error: "Sleep must be a number of hours." })
    .min(0, "Sleep cannot be negative.")
    .max(24, "Sleep must be at most 24 hours.")
    // numeric(3,1) in the database: one decimal place.
    .refine((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-9, "Sleep takes at most one decimal (e.g. 7.5).")
    .nullable(),
  activity_minutes: z
    .number({ error: "Activity must be a number of minutes." })
    .int("Activity must be whole minutes.")
    .min(0, "Activity cannot be negative.")
    .max(1440, "Activity must be at most 1440 minutes (a day).")
    .nullable(),
  notes: z
    .string()
    .max(2000, "Notes must be at most 2000 characters.")
    // PostgreSQL refuses both when it parses the request, so such a note would sit in the offline queue forever.
    .refine((s) => !s.includes("\u0000"), "Notes cannot contain the NUL character (U+0000): remove it (it usually comes from pasted binary text).")
    .refine(
      (s) => !LONE_SURROGATE.test(s),
      "Notes contain a broken character (half of an emoji or other symbol, a lone UTF-16 surrogate): delete it and type it again.",
    )
    .nullable(),
});

export type CheckInInput = z.infer<typeof checkInInputSchema>;

/** A stored check-in, in either data mode. `checkin_date` is an ISO 8601 timestamp. */
export type CheckIn = CheckInInput & {
  id: string;
  user_id: string;
  checkin_date: string;
  created_at: string;
};

/**
 * One page of check-in history, newest first. `nextCursor` is the `checkin_date` of the last item when more may follow
 * (the next page holds `checkin_date < nextCursor`), or null at the end. The local store and the Supabase query page the
 * same way.
 */
export type CheckInHistoryPage = { items: CheckIn[]; nextCursor: string | null };
