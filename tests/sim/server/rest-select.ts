import { ModelUnsupportedError, permissionDenied } from "./pg-error";
import { parseInteger, parseTimestamptz, parseUuid } from "./pg-values";
import type { RequestRole } from "./postgrest-jwt";
import { jsonAggText, rowJsonText, TABLES, type ColumnType, type ServerTables, type TableName } from "./tables";

/**
 * GET /rest/v1/<table>?select=…&<column>=<op>.<value>…&order=<column>.<asc|desc>&limit=N, the forms the app's pull
 * and history send, answered as PostgREST 12.0.2 with our grants and RLS answers them. Anything else (embedding,
 * `or`, `in`, offset, another table) throws ModelUnsupportedError.
 */
export type SelectResult = { status: number; headers: Record<string, string>; body: string };

/** PGRST_DB_MAX_ROWS in tests/stack/postgrest.ts and supabase/config.toml. */
export const MAX_ROWS = 1000;

const OPERATORS = { eq: (c: number) => c === 0, gt: (c: number) => c > 0, gte: (c: number) => c >= 0, lt: (c: number) => c < 0, lte: (c: number) => c <= 0 } as const;
type Operator = keyof typeof OPERATORS;
type Filter = { column: string; op: Operator; value: unknown };

/** Tables the anon role may read at all (grants); RLS then decides rows. 001/002 revoke everything from anon. */
export type Grants = { anonSelect: ReadonlySet<TableName> };

function parseLiteral(type: ColumnType, text: string): unknown {
  switch (type) {
    case "uuid":
      return parseUuid(text);
    case "bigint":
    case "smallint":
      return parseInteger(text, type);
    case "timestamptz":
      return parseTimestamptz(text);
    default:
      throw new ModelUnsupportedError(`filters on ${type} columns are not imitated`);
  }
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  throw new ModelUnsupportedError(`cannot compare ${typeof a} with ${typeof b}`);
}

export function select(tables: ServerTables, role: RequestRole, table: string, query: URLSearchParams, grants: Grants): SelectResult {
  if (!(table in TABLES)) throw new ModelUnsupportedError(`GET of table ${table}`);
  const name = table as TableName;
  const types = TABLES[name] as Record<string, ColumnType>;
  const known = (column: string) => {
    if (!(column in types)) throw new ModelUnsupportedError(`column ${name}.${column}`);
    return column;
  };

  let columns: string[] | null = null;
  let order: { column: string; descending: boolean } | null = null;
  let limit = MAX_ROWS;
  const filters: Filter[] = [];
  for (const [key, raw] of query) {
    if (key === "select") columns = raw.split(",").map(known);
    else if (key === "order") {
      const match = /^([a-z_]+)\.(asc|desc)$/.exec(raw);
      if (match === null) throw new ModelUnsupportedError(`order=${raw}`);
      order = { column: known(match[1]!), descending: match[2] === "desc" };
    } else if (key === "limit") {
      if (!/^\d+$/.test(raw)) throw new ModelUnsupportedError(`limit=${raw}`);
      limit = Math.min(Number(raw), MAX_ROWS);
    } else {
      const match = /^(eq|gt|gte|lt|lte)\.(.*)$/s.exec(raw);
      if (match === null) throw new ModelUnsupportedError(`filter ${key}=${raw}`);
      filters.push({ column: known(key), op: match[1] as Operator, value: null });
      // Values are read after every parameter is parsed, like PostgREST (query syntax first, then SQL).
      filters[filters.length - 1]!.value = match[2]!;
    }
  }
  if (columns === null) throw new ModelUnsupportedError("a GET without select=");

  // PostgreSQL converts the literals while planning, before the executor checks privileges: a bad uuid answers 22P02
  // even to a role that may not read the table.
  for (const filter of filters) filter.value = parseLiteral(types[filter.column]!, filter.value as string);
  if (role.role === "anon" && !grants.anonSelect.has(name)) throw permissionDenied("table", name);

  // RLS: every policy is `to authenticated using ((select auth.uid()) = user_id)`.
  const uid = role.role === "authenticated" && role.sub !== null ? parseUuid(role.sub) : null;
  let rows = tables.rows(name).filter((row) => role.role === "authenticated" && uid !== null && row.user_id === uid);
  rows = rows.filter((row) => filters.every((f) => row[f.column] !== null && OPERATORS[f.op](compare(row[f.column], f.value))));
  if (order !== null) {
    const { column, descending } = order;
    // Array.prototype.sort is stable: ties keep insertion order (an index scan's heap order on a fresh table).
    rows = [...rows].sort((a, b) => (descending ? -1 : 1) * compare(a[column], b[column]));
  }
  rows = rows.slice(0, limit);
  const body = jsonAggText(rows.map((row) => rowJsonText(name, row, columns)));
  return { status: 200, headers: { "content-range": rows.length === 0 ? "*/*" : `0-${rows.length - 1}/*` }, body };
}
