import type { CheckIn } from "@/lib/domain/check-in";
import { CHECK_IN_FIELDS, CHECK_IN_FIELD_NAMES, type CheckInFieldSpec, type CheckInFields, type FieldNamesOf, type StoredValuesOf } from "@/lib/domain/check-in-fields";
import type { Database } from "@/lib/supabase/database.types";

/**
 * A `public.check_ins` row as the generated types describe it (`npm run db:types`), less `change_seq`: that column is
 * the sync's (013: the server's change number, read by the feed), not a fact of the check-in, so no field declares it.
 */
export type DatabaseCheckInRow = Omit<Database["public"]["Tables"]["check_ins"]["Row"], "change_seq">;

/** The columns of a check-in row that are not typed by a person: who, when, and the server's insert time. */
type RowColumnsOf<Fields extends readonly CheckInFieldSpec[]> = readonly ["id", "user_id", "checkin_date", ...FieldNamesOf<Fields>, "created_at"];

/** The row a list of field specs makes (generic so that a test can show a field the database lacks fails to compile). */
export type RowOf<Fields extends readonly CheckInFieldSpec[]> = { id: string; user_id: string; checkin_date: string; created_at: string } & StoredValuesOf<Fields>;

/** `true` when each type is assignable to the other: the same keys, each with the same (primitive) value type. */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

/**
 * Fails to compile when CHECK_IN_FIELDS and the database disagree: a field added to the table without its migration
 * and regenerated types, a column added to the database without its field, or a nullability that differs.
 */
export type CheckInMatchesDatabase = Assert<SameShape<RowOf<CheckInFields>, DatabaseCheckInRow>>;

/** Every column of `public.check_ins`, in the table's order: PostgREST's `select`, the upsert body, a pull's row. */
export const CHECK_IN_COLUMNS = ["id", "user_id", "checkin_date", ...CHECK_IN_FIELD_NAMES, "created_at"] as const satisfies RowColumnsOf<CheckInFields>;
export type CheckInColumn = (typeof CHECK_IN_COLUMNS)[number];

type Join<T extends readonly string[], Sep extends string> = T extends readonly [infer Head extends string, ...infer Tail extends readonly string[]]
  ? Tail extends readonly [] ? Head : `${Head}${Sep}${Join<Tail, Sep>}`
  : "";

/** PostgREST's `select` for a whole check-in, as a literal type so that supabase-js types the rows it returns. */
export const CHECK_IN_SELECT = CHECK_IN_COLUMNS.join(",") as Join<typeof CHECK_IN_COLUMNS, ",">;

const TIMESTAMP_COLUMNS = ["checkin_date", "created_at"] as const satisfies readonly CheckInColumn[];

/** The JSON body the server stores for a check-in: exactly its columns, nothing else the object may carry. */
export function checkInToRow(checkIn: CheckIn): DatabaseCheckInRow {
  return Object.fromEntries(CHECK_IN_COLUMNS.map((column) => [column, checkIn[column]])) as DatabaseCheckInRow;
}

/**
 * A row as PostgREST sends it, as the app stores it: timestamps in the browser's own format (`toISOString`, so the
 * local index sorts server rows and local rows together; PostgREST writes microseconds and "+00:00"), numbers as
 * numbers (PostgREST may send a numeric column, `sleep_hours`, as a string).
 */
export function checkInFromRow(row: DatabaseCheckInRow): CheckIn {
  const checkIn = Object.fromEntries(CHECK_IN_COLUMNS.map((column) => [column, row[column]])) as Record<CheckInColumn, unknown>;
  for (const column of TIMESTAMP_COLUMNS) checkIn[column] = new Date(row[column]).toISOString();
  for (const field of CHECK_IN_FIELDS) {
    const value = row[field.name];
    if (field.kind === "number" && value !== null) checkIn[field.name] = Number(value);
  }
  return checkIn as CheckIn;
}
