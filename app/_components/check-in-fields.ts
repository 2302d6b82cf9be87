import { type CheckInInput, checkInInputSchema } from "@/lib/domain/check-in";
import { CHECK_IN_FIELDS, CHECK_IN_FIELD_NAMES, type CheckInFieldName } from "@/lib/domain/check-in-fields";

export type FieldName = CheckInFieldName;
export type FormValues = Record<FieldName, string>;
export type FieldErrors = Partial<Record<FieldName, string>>;

export const EMPTY_FORM = Object.fromEntries(CHECK_IN_FIELD_NAMES.map((name) => [name, ""])) as FormValues;

/**
 * What a field's text becomes before the rules see it: "" → null for optional fields, "" → NaN for required numbers
 * (so the rules say "must be a number"); text that is only spaces counts as empty, other text is kept as typed.
 */
function fromText(field: (typeof CHECK_IN_FIELDS)[number], raw: string): number | string | null {
  const t = raw.trim();
  if (t === "") return field.nullable ? null : Number.NaN;
  return field.kind === "number" ? Number(t) : raw;
}

/** Parses the form with the shared rules (the database's CHECK ranges); the first error of each field is kept. */
export function parseCheckInForm(values: FormValues):
  | { ok: true; input: CheckInInput }
  | { ok: false; errors: FieldErrors } {
  const result = checkInInputSchema.safeParse(Object.fromEntries(CHECK_IN_FIELDS.map((f) => [f.name, fromText(f, values[f.name])])));
  if (result.success) return { ok: true, input: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0];
    if (field && !errors[field]) errors[field] = issue.message;
  }
  return { ok: false, errors };
}
