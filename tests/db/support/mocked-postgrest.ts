import type pg from "pg";
import { claimsFor } from "./sessions";

/**
 * Mocked PostgREST: a `fetch` for supabase-js that serves the small part of PostgREST's read API our queries use
 * (GET /rest/v1/<table>?select=…&<column>=<eq|lt|lte|gt|gte>.<value>&order=<column>.<asc|desc>&limit=N) by running the
 * SQL PostgREST generates for such a request (its `WITH pgrst_source AS (…) SELECT … json_agg …` shape) on a real
 * PostgreSQL, as the request's role with `request.jwt.claims` set, inside a transaction — as PostgREST does.
 *
 * It does NOT verify JWT signatures (a real PostgREST does); tests pass unsigned tokens made by `unsignedJwt`.
 * Anything outside that subset answers 501, so a query that starts using more of the API fails loudly here.
 */
export type RecordedStatement = { sql: string; params: string[]; role: string; claims: Record<string, unknown> };

const OPERATORS: Record<string, string> = { eq: "=", lt: "<", lte: "<=", gt: ">", gte: ">=" };
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function unsignedJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode({ alg: "none", typ: "JWT" })}.${encode(claims)}.`;
}

function claimsOf(authorization: string | null): Record<string, unknown> {
  const token = authorization?.replace(/^Bearer /, "") ?? "";
  const payload = token.split(".")[1];
  // The anon key of a real project is a JWT with role "anon"; ours is a plain string, which means the same here.
  if (payload === undefined) return claimsFor("anon");
  return JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
}

function quoteIdent(name: string): string {
  if (!IDENTIFIER.test(name)) throw new MockedPostgrestUnsupported(`identifier "${name}"`);
  return `"${name}"`;
}

class MockedPostgrestUnsupported extends Error {
  override name = "MockedPostgrestUnsupported";
}

/** The SQL PostgREST 12/13 sends for a GET on a table with filters, order and limit (values as $n parameters). */
export function postgrestReadSql(url: URL): { sql: string; params: string[] } {
  const match = /^\/rest\/v1\/([a-z_]+)$/.exec(url.pathname);
  if (!match) throw new MockedPostgrestUnsupported(`path ${url.pathname}`);
  const table = `"public".${quoteIdent(match[1]!)}`;
  const params: string[] = [];
  const where: string[] = [];
  let columns = `${table}.*`;
  let order = "";
  let limit = "";
  for (const [key, value] of url.searchParams) {
    if (key === "select") {
      columns = value.split(",").map((c) => `${table}.${quoteIdent(c)}`).join(", ");
    } else if (key === "order") {
      order = ` ORDER BY ${value
        .split(",")
        .map((part) => {
          const [column, direction = "asc"] = part.split(".");
          if (direction !== "asc" && direction !== "desc") throw new MockedPostgrestUnsupported(`order ${part}`);
          return `${table}.${quoteIdent(column!)} ${direction.toUpperCase()}`;
        })
        .join(", ")}`;
    } else if (key === "limit") {
      limit = ` LIMIT ${Number.parseInt(value, 10)} OFFSET 0`;
    } else {
      const dot = value.indexOf(".");
      const operator = OPERATORS[value.slice(0, dot)];
      if (dot < 0 || operator === undefined) throw new MockedPostgrestUnsupported(`filter ${key}=${value}`);
      params.push(value.slice(dot + 1));
      where.push(`${table}.${quoteIdent(key)} ${operator} $${params.length}`);
    }
  }
  const whereSql = where.length > 0 ? `  WHERE  ${where.join(" AND  ")}` : "";
  const sql =
    `WITH pgrst_source AS ( SELECT ${columns} FROM ${table}${whereSql}${order}${limit} ) ` +
    "SELECT null::bigint AS total_result_set, pg_catalog.count(_postgrest_t) AS page_total, " +
    "coalesce(json_agg(_postgrest_t), '[]') AS body, " +
    "nullif(current_setting('response.headers', true), '') AS response_headers, " +
    "nullif(current_setting('response.status', true), '') AS response_status, " +
    "'' AS response_inserted FROM ( SELECT * FROM pgrst_source ) _postgrest_t";
  return { sql, params };
}

export function mockedPostgrest(client: pg.Client): { fetch: typeof globalThis.fetch; statements: RecordedStatement[] } {
  const statements: RecordedStatement[] = [];
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (request.method !== "GET") return json(501, { message: `mocked PostgREST: ${request.method} is not served` });
    let statement: { sql: string; params: string[] };
    try {
      statement = postgrestReadSql(new URL(request.url));
    } catch (error) {
      return json(501, { message: `mocked PostgREST: unsupported ${(error as Error).message}` });
    }
    const claims = claimsOf(request.headers.get("authorization"));
    const role = typeof claims.role === "string" ? claims.role : "anon";
    if (!["anon", "authenticated", "service_role"].includes(role)) return json(401, { message: `unknown role ${role}` });
    statements.push({ ...statement, role, claims });
    await client.query("begin");
    try {
      await client.query(`set local role ${role}`);
      await client.query("select set_config('request.jwt.claims', $1, true), set_config('request.method', 'GET', true)", [
        JSON.stringify(claims),
      ]);
      const { rows } = await client.query<{ body: unknown[]; page_total: string }>(statement.sql, statement.params);
      await client.query("commit");
      const body = rows[0]!.body;
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { "content-type": "application/json", "content-range": `0-${body.length - 1}/*` },
      });
    } catch (error) {
      await client.query("rollback");
      const e = error as { code?: string; message: string; detail?: string; hint?: string };
      // PostgREST answers insufficient_privilege with 401 for anon and 403 otherwise; other errors here are 400.
      const status = e.code === "42501" ? (role === "anon" ? 401 : 403) : 400;
      return json(status, { code: e.code, message: e.message, details: e.detail ?? null, hint: e.hint ?? null });
    }
  };
  return { fetch, statements };
}
