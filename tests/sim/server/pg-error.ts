/**
 * An error as PostgreSQL raises it and PostgREST 12.0.2 reports it: the JSON body `{code, details, hint, message}` and
 * the HTTP status PostgREST maps the SQLSTATE to (its docs' "HTTP status codes" table, checked by the differential test).
 */
export type PgErrorBody = { code: string; details: string | null; hint: string | null; message: string };

export class PgError extends Error {
  override name = "PgError";
  constructor(
    readonly code: string,
    message: string,
    readonly details: string | null = null,
    readonly hint: string | null = null,
  ) {
    super(message);
  }

  body(): PgErrorBody {
    return { code: this.code, details: this.details, hint: this.hint, message: this.message };
  }
}

/**
 * A request the model does not imitate (another table, filter, header or body shape). Thrown instead of answering, so a
 * simulation that sends something new fails loudly rather than trusting an answer nobody compared with PostgREST.
 */
export class ModelUnsupportedError extends Error {
  override name = "ModelUnsupportedError";
}

/** PostgREST 12's SQLSTATE → HTTP status, for the codes the model can raise; `anonymous`: the request had no user JWT. */
export function httpStatusOf(code: string, anonymous: boolean): number {
  if (code === "42501") return anonymous ? 401 : 403;
  if (code === "23503" || code === "23505") return 409;
  if (code.startsWith("PGRST3")) return 401;
  return 400;
}

// The errors PostgreSQL raises for the values and constraints of our tables, word for word.

export const invalidInput = (type: string, text: string) => new PgError("22P02", `invalid input syntax for type ${type}: ${quoted(text)}`);

export const outOfRange = (type: string, text: string) => new PgError("22003", `value ${quoted(text)} is out of range for type ${type}`);

export const notNull = (column: string, table: string) => new PgError("23502", `null value in column "${column}" of relation "${table}" violates not-null constraint`);

/** RLS hides the failing row from the error's details (ExecBuildSlotValueDescription returns nothing under RLS). */
export const checkViolation = (table: string, constraint: string) => new PgError("23514", `new row for relation "${table}" violates check constraint "${constraint}"`);

export const rlsViolation = (table: string) => new PgError("42501", `new row violates row-level security policy for table "${table}"`);

export const permissionDenied = (kind: "table" | "function", name: string) => new PgError("42501", `permission denied for ${kind} ${name}`);

/** `key`: the referenced key when the referencing user may see it (auth.users has no RLS), null when RLS hides it. */
export function foreignKeyViolation(table: string, constraint: string, target: string, key: { columns: string; values: string } | null): PgError {
  const details = key === null ? `Key is not present in table "${target}".` : `Key (${key.columns})=(${key.values}) is not present in table "${target}".`;
  return new PgError("23503", `insert or update on table "${table}" violates foreign key constraint "${constraint}"`, details);
}

/** PostgreSQL quotes a value in a message with double quotes and does not escape inner quotes. */
const quoted = (text: string) => `"${text}"`;
