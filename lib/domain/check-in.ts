import {
  CHECK_IN_FIELDS,
  type CheckInFieldName,
  type CheckInFields,
  type InputOf,
  type NumberFieldSpec,
  type StoredValuesOf,
  type TextFieldSpec,
} from "@/lib/domain/check-in-fields";

/** What a person enters (built from CHECK_IN_FIELDS). Sleep and activity may be left empty (the models treat them as missing). */
export type CheckInInput = InputOf<CheckInFields>;

/** A check-in's values as stored: also energy and stress may be null (rows imported from Daylio). */
export type CheckInValues = StoredValuesOf<CheckInFields>;

// A field the database refuses empty must be one the form requires: `nullable: false` with `required: false` would
// let the form send a null that every write then refuses.
type NotNullableButOptional = Extract<CheckInFields[number], { nullable: false; required: false }>;
type Assert<T extends true> = T;
export type EveryNotNullFieldIsRequired = Assert<[NotNullableButOptional] extends [never] ? true : false>;

type Limits<S> = S extends { kind: "number"; min: infer Min; max: infer Max } ? { min: Min; max: Max } : S extends { kind: "text"; maxLength: infer L } ? { maxLength: L } : never;

/**
 * The check-in's valid ranges, from CHECK_IN_FIELDS. The database's CHECK constraints (supabase/migrations) use the
 * same numbers (tests/db/constraints.test.ts); the feature extractor reads them too.
 */
export const CHECKIN_LIMITS = Object.fromEntries(
  CHECK_IN_FIELDS.map((f) => [f.name, f.kind === "number" ? { min: f.min, max: f.max } : { maxLength: f.maxLength }]),
) as { readonly [S in CheckInFields[number] as S["name"]]: Limits<S> };

/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one: not valid Unicode text. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type CheckInIssue = { path: [CheckInFieldName] | []; message: string };
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
// its messages are written in CHECK_IN_FIELDS (the form shows the first).
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
// numeric(3,1) in the database: one decimal place.
const oneDecimal = (v: number) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-9;

const NUMBER_RULES: Record<keyof Omit<NumberFieldSpec["messages"], "notANumber">, (v: number, f: NumberFieldSpec) => boolean> = {
  precision: (v, f) => (f.precision === "whole" ? Number.isInteger(v) : oneDecimal(v)),
  min: (v, f) => v >= f.min,
  max: (v, f) => v <= f.max,
};

const TEXT_RULES: Record<keyof Omit<TextFieldSpec["messages"], "notText">, (s: string, f: TextFieldSpec) => boolean> = {
  maxLength: (s, f) => s.length <= f.maxLength,
  nul: (s) => !s.includes("\u0000"),
  loneSurrogate: (s) => !LONE_SURROGATE.test(s),
};

/**
 * Which rules apply: "input", what a person enters (the form's `required`); "stored", a row as the database holds it
 * (its `nullable`: a row imported from Daylio has no energy or stress).
 */
type RuleSet = "input" | "stored";

/** The messages of the rules `value` breaks ([] when it is valid). */
function fieldIssues(field: NumberFieldSpec | TextFieldSpec, value: unknown, rules: RuleSet): string[] {
  if (value === null && (rules === "input" ? !field.required : field.nullable)) return [];
  if (field.kind === "number") {
    if (!isNumber(value)) return [field.messages.notANumber];
    const broken = Object.entries(field.messages).filter(([rule]) => rule !== "notANumber" && !NUMBER_RULES[rule as keyof typeof NUMBER_RULES](value, field));
    return broken.map(([, message]) => message);
  }
  if (typeof value !== "string") return [field.messages.notText];
  const broken = Object.entries(field.messages).filter(([rule]) => rule !== "notText" && !TEXT_RULES[rule as keyof typeof TEXT_RULES](value, field));
  return broken.map(([, message]) => message);
}

function safeParseWith<T>(rules: RuleSet) {
  return (input: unknown): { success: true; data: T } | { success: false; error: { issues: CheckInIssue[] } } => {
    if (typeof input !== "object" || input === null) return { success: false, error: { issues: [{ path: [], message: "A check-in must be an object." }] } };
    const raw = input as Record<string, unknown>;
    const issues: CheckInIssue[] = CHECK_IN_FIELDS.flatMap((f) => fieldIssues(f, raw[f.name], rules).map((message) => ({ path: [f.name] as [CheckInFieldName], message })));
    if (issues.length > 0) return { success: false, error: { issues } };
    // Only the fields of a check-in: anything else the object carries (id, user_id…) is not part of the input.
    return { success: true, data: Object.fromEntries(CHECK_IN_FIELDS.map((f) => [f.name, raw[f.name]])) as T };
  };
}

const safeParseCheckIn: (input: unknown) => CheckInParseResult = safeParseWith<CheckInInput>("input");
const safeParseStored = safeParseWith<CheckInValues>("stored");

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

/**
 * The rules of a check-in as stored, for rows that did not come from the form: the local store's writes, a pull, an
 * import. The same as `checkInInputSchema` except that energy and stress may be null (the database's NOT NULLs).
 */
export const storedCheckInSchema = {
  safeParse: safeParseStored,
  parse(input: unknown): CheckInValues {
    const result = safeParseStored(input);
    if (!result.success) throw new CheckInValidationError(result.error.issues);
    return result.data;
  },
};

/**
 * A stored check-in, in either data mode. `checkin_date` is an ISO 8601 timestamp. Energy and stress may be null (a
 * row imported from Daylio); every check-in made with the form has them.
 */
export type CheckIn = { id: string; user_id: string; checkin_date: string } & CheckInValues & { created_at: string };

/**
 * One page of check-in history, newest first. `nextCursor` is the `checkin_date` of the last item when more may follow
 * (the next page holds `checkin_date < nextCursor`), or null at the end. The local store and the Supabase query page the
 * same way.
 */
export type CheckInHistoryPage<Cursor = string> = { items: CheckIn[]; nextCursor: Cursor | null };
