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

/** What a person enters. Sleep and activity may be left empty (the models treat them as missing). */
export type CheckInInput = {
  mood: number;
  energy: number;
  stress: number;
  sleep_hours: number | null;
  activity_minutes: number | null;
  notes: string | null;
};

export type CheckInIssue = { path: [keyof CheckInInput] | []; message: string };
export type CheckInParseResult = { success: true; data: CheckInInput } | { success: false; error: { issues: CheckInIssue[] } };

/** A check-in that breaks the rules above; `issues` has one message per broken rule, each naming its field. */
export class CheckInValidationError extends Error {
  override name = "CheckInValidationError";
  constructor(readonly issues: CheckInIssue[]) {
    super(`The check-in was not saved: ${issues.map((i) => i.message).join(" ")}`);
  }
}

// Written out by hand, not with zod: the form validates with this on the home page, whose first-load JavaScript has a
// budget (issue 12), and even zod/mini costs ~23 KB gzip there. Every failing rule of a field is reported, in the order
// below (the form shows the first); the messages are the ones people see next to the field.
type Rule<T> = [ok: (v: T) => boolean, message: string];

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isWhole = (v: number) => Number.isInteger(v);
// numeric(3,1) in the database: one decimal place.
const oneDecimal = (v: number) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-9;

const scoreRules = (label: string): Rule<number>[] => [
  [isWhole, `${label} must be a whole number.`],
  [(v) => v >= 1, `${label} must be at least 1.`],
  [(v) => v <= 10, `${label} must be at most 10.`],
];

const NUMBER_FIELDS: { field: "mood" | "energy" | "stress" | "sleep_hours" | "activity_minutes"; nullable: boolean; notANumber: string; rules: Rule<number>[] }[] = [
  { field: "mood", nullable: false, notANumber: "Mood must be a number from 1 to 10.", rules: scoreRules("Mood") },
  { field: "energy", nullable: false, notANumber: "Energy must be a number from 1 to 10.", rules: scoreRules("Energy") },
  { field: "stress", nullable: false, notANumber: "Stress must be a number from 1 to 10.", rules: scoreRules("Stress") },
  {
    field: "sleep_hours",
    nullable: true,
    notANumber: "Sleep must be a number of hours.",
    rules: [
      [(v) => v >= 0, "Sleep cannot be negative."],
      [(v) => v <= 24, "Sleep must be at most 24 hours."],
      [oneDecimal, "Sleep takes at most one decimal (e.g. 7.5)."],
    ],
  },
  {
    field: "activity_minutes",
    nullable: true,
    notANumber: "Activity must be a number of minutes.",
    rules: [
      [isWhole, "Activity must be whole minutes."],
      [(v) => v >= 0, "Activity cannot be negative."],
      [(v) => v <= 1440, "Activity must be at most 1440 minutes (a day)."],
    ],
  },
];

const NOTES_RULES: Rule<string>[] = [
  [(s) => s.length <= CHECKIN_LIMITS.notes.maxLength, "Notes must be at most 2000 characters."],
  // PostgreSQL refuses both when it parses the request, so such a note would sit in the offline queue forever.
  [(s) => !s.includes("\u0000"), "Notes cannot contain the NUL character (U+0000): remove it (it usually comes from pasted binary text)."],
  [
    (s) => !LONE_SURROGATE.test(s),
    "Notes contain a broken character (half of an emoji or other symbol, a lone UTF-16 surrogate): delete it and type it again.",
  ],
];

function safeParseCheckIn(input: unknown): CheckInParseResult {
  if (typeof input !== "object" || input === null) return { success: false, error: { issues: [{ path: [], message: "A check-in must be an object." }] } };
  const raw = input as Record<string, unknown>;
  const issues: CheckInIssue[] = [];
  for (const { field, nullable, notANumber, rules } of NUMBER_FIELDS) {
    const v = raw[field];
    if (nullable && v === null) continue;
    if (!isNumber(v)) {
      issues.push({ path: [field], message: notANumber });
      continue;
    }
    for (const [ok, message] of rules) if (!ok(v)) issues.push({ path: [field], message });
  }
  const notes = raw.notes;
  if (notes !== null) {
    if (typeof notes !== "string") issues.push({ path: ["notes"], message: "Notes must be text." });
    else for (const [ok, message] of NOTES_RULES) if (!ok(notes)) issues.push({ path: ["notes"], message });
  }
  if (issues.length > 0) return { success: false, error: { issues } };
  // Only the fields of a check-in: anything else the object carries (id, user_id…) is not part of the input.
  const data = Object.fromEntries(["mood", "energy", "stress", "sleep_hours", "activity_minutes", "notes"].map((k) => [k, raw[k]]));
  return { success: true, data: data as CheckInInput };
}

/**
 * The check-in's rules, with a zod-like surface (`safeParse`, `parse`) for the form, the local store and the save.
 * `parse` throws a CheckInValidationError.
 */
export const checkInInputSchema = {
  safeParse: safeParseCheckIn,
  parse(input: unknown): CheckInInput {
    const result = safeParseCheckIn(input);
    if (!result.success) throw new CheckInValidationError(result.error.issues);
    return result.data;
  },
};

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
export type CheckInHistoryPage<Cursor = string> = { items: CheckIn[]; nextCursor: Cursor | null };
