/**
 * The one declaration of what a person enters in a check-in. Everything else is built from it: the types
 * (`CheckInInput`, `CheckIn` in check-in.ts), the rules and their messages (check-in.ts), the form
 * (app/_components/check-in-fields.ts), the row sent to and read from the server (check-in-row.ts) and the CSV
 * (lib/data/your-data/export-data.ts). A field's `name` is its column in `public.check_ins` and in the CSV; the
 * database's CHECK constraints (supabase/migrations) hold the same limits, and check-in-row.ts fails to compile when
 * this list and the generated database types disagree.
 *
 * Kept free of any library: the home page's form imports it, and its first-load JavaScript has a budget (issue 12).
 */

/** A number typed into an `<input type="number">`. */
export type NumberFieldSpec = {
  readonly kind: "number";
  readonly name: string;
  readonly label: string;
  readonly hint: string;
  readonly min: number;
  readonly max: number;
  /** "whole": smallint in the database; "tenth": numeric(3,1), one decimal place. */
  readonly precision: "whole" | "tenth";
  /** The input's `step` attribute (the arrows' increment; the rules above decide what is accepted). */
  readonly inputStep: string;
  /** A stored row may hold null here (the database column is nullable; the models treat it as missing). */
  readonly nullable: boolean;
  /**
   * The form (and `checkInInputSchema`) refuses it empty. Energy and stress are required there but nullable in storage:
   * only a Daylio import (which has neither) leaves them empty (README, "Import from Daylio"). A field that is not
   * nullable must be required (the database would refuse it empty); check-in.ts asserts it.
   */
  readonly required: boolean;
  /**
   * What the person reads when a rule fails. `notANumber` first (nothing else is checked then); the other three are
   * checked in the order they are written here, and every failing one is reported (the form shows the first).
   */
  readonly messages: { readonly notANumber: string } & Readonly<Record<"precision" | "min" | "max", string>>;
};

/** Free text in a `<textarea>`, stored as PostgreSQL text. */
export type TextFieldSpec = {
  readonly kind: "text";
  readonly name: string;
  readonly label: string;
  readonly hint: string;
  readonly maxLength: number;
  readonly nullable: boolean;
  readonly required: boolean;
  /** `notText` first; the others in the order written, every failing one reported. */
  readonly messages: { readonly notText: string } & Readonly<Record<"maxLength" | "nul" | "loneSurrogate", string>>;
};

export type CheckInFieldSpec = NumberFieldSpec | TextFieldSpec;

/** A 1-10 score the form requires; nullable in storage unless overridden (see mood). */
const score = <const Name extends string, const Label extends string>(name: Name, label: Label, hint: string) =>
  ({
    kind: "number",
    name,
    label,
    hint,
    min: 1,
    max: 10,
    precision: "whole",
    inputStep: "1",
    nullable: true,
    required: true,
    messages: {
      notANumber: `${label} must be a number from 1 to 10.`,
      precision: `${label} must be a whole number.`,
      min: `${label} must be at least 1.`,
      max: `${label} must be at most 10.`,
    },
  }) as const satisfies NumberFieldSpec;

/** In the order of the form and of the CSV. */
export const CHECK_IN_FIELDS = [
  // Mood is never empty, anywhere. Energy and stress: required by the form, empty only in rows imported from Daylio.
  { ...score("mood", "Mood", "1 (very low) to 10 (great)"), nullable: false },
  score("energy", "Energy", "1 to 10"),
  score("stress", "Stress", "1 (calm) to 10 (overwhelmed)"),
  {
    kind: "number",
    name: "sleep_hours",
    label: "Sleep (hours)",
    hint: "last night, 0 to 24, optional",
    min: 0,
    max: 24,
    precision: "tenth",
    inputStep: "0.5",
    nullable: true,
    required: false,
    messages: {
      notANumber: "Sleep must be a number of hours.",
      min: "Sleep cannot be negative.",
      max: "Sleep must be at most 24 hours.",
      precision: "Sleep takes at most one decimal (e.g. 7.5).",
    },
  },
  {
    kind: "number",
    name: "activity_minutes",
    label: "Activity (minutes)",
    hint: "0 to 1440, optional",
    min: 0,
    max: 1440,
    precision: "whole",
    inputStep: "1",
    nullable: true,
    required: false,
    messages: {
      notANumber: "Activity must be a number of minutes.",
      precision: "Activity must be whole minutes.",
      min: "Activity cannot be negative.",
      max: "Activity must be at most 1440 minutes (a day).",
    },
  },
  {
    kind: "text",
    name: "notes",
    label: "Notes",
    hint: "optional, up to 2000 characters",
    maxLength: 2000,
    nullable: true,
    required: false,
    messages: {
      notText: "Notes must be text.",
      maxLength: "Notes must be at most 2000 characters.",
      // PostgreSQL refuses both when it parses the request, so such a note would sit in the offline queue forever.
      nul: "Notes cannot contain the NUL character (U+0000): remove it (it usually comes from pasted binary text).",
      loneSurrogate:
        "Notes contain a broken character (half of an emoji or other symbol, a lone UTF-16 surrogate): delete it and type it again.",
    },
  },
] as const satisfies readonly CheckInFieldSpec[];

export type CheckInFields = typeof CHECK_IN_FIELDS;
export type CheckInFieldName = CheckInFields[number]["name"];

/** The value a stored row holds for a field: number or text, or null where the column is nullable. */
export type FieldValue<S extends CheckInFieldSpec> =
  | (S extends { kind: "number" } ? number : string)
  | (S extends { nullable: true } ? null : never);

/** The value the form gives for a field: null only where the person may leave it empty (`required: false`). */
export type InputValue<S extends CheckInFieldSpec> =
  | (S extends { kind: "number" } ? number : string)
  | (S extends { required: false } ? null : never);

/** What a person enters, as a list of field specs describes it (generic so that a test can extend the list). */
export type InputOf<Fields extends readonly CheckInFieldSpec[]> = { -readonly [S in Fields[number] as S["name"]]: InputValue<S> };

/** A check-in's values as stored (and synced, exported, imported): nullable where the column is. */
export type StoredValuesOf<Fields extends readonly CheckInFieldSpec[]> = { -readonly [S in Fields[number] as S["name"]]: FieldValue<S> };

/** The field names as a typed tuple, in the table's order. */
export type FieldNamesOf<Fields extends readonly CheckInFieldSpec[]> = { -readonly [I in keyof Fields]: Fields[I]["name"] };

export const CHECK_IN_FIELD_NAMES = CHECK_IN_FIELDS.map((f) => f.name) as unknown as Readonly<FieldNamesOf<CheckInFields>>;
