import { type CheckInInput, checkInInputSchema } from "@/lib/domain/check-in";

export type FieldName = keyof CheckInInput;
export type FormValues = Record<FieldName, string>;
export type FieldErrors = Partial<Record<FieldName, string>>;

export const EMPTY_FORM: FormValues = { mood: "", energy: "", stress: "", sleep_hours: "", activity_minutes: "", notes: "" };

/** "" → null for optional fields, "" → NaN for required numbers (so the rules say "must be a number"). */
function toNumber(raw: string, optional: boolean): number | null {
  const t = raw.trim();
  if (t === "") return optional ? null : Number.NaN;
  return Number(t);
}

/** Parses the form with the shared schema (the database's CHECK ranges); the first error of each field is kept. */
export function parseCheckInForm(values: FormValues):
  | { ok: true; input: CheckInInput }
  | { ok: false; errors: FieldErrors } {
  const result = checkInInputSchema.safeParse({
    mood: toNumber(values.mood, false),
    energy: toNumber(values.energy, false),
    stress: toNumber(values.stress, false),
    sleep_hours: toNumber(values.sleep_hours, true),
    activity_minutes: toNumber(values.activity_minutes, true),
    notes: values.notes.trim() === "" ? null : values.notes,
  });
  if (result.success) return { ok: true, input: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0] as FieldName | undefined;
    if (field && !errors[field]) errors[field] = issue.message;
  }
  return { ok: false, errors };
}
