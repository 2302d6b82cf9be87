import { STACK_JWT_SECRET } from "@/tests/stack/jwt";
import { deleteMyData } from "./delete-my-data";
import { httpStatusOf, ModelUnsupportedError, permissionDenied, PgError } from "./pg-error";
import { formatTimestamptz, millisToMicros, parseUuid, type Json } from "./pg-values";
import { JwtRefusal, roleOf, type RequestRole } from "./postgrest-jwt";
import { pushChanges, pushResultText } from "./push-changes";
import { select, type Grants } from "./rest-select";
import { jsonAggText, rowJsonText, ServerTables, TABLES, type TableName } from "./tables";

/**
 * An in-memory model of the server API the app's sync uses (docs/sync-design.md §1): the stack's gateway (apikey),
 * PostgREST 12.0.2 (JWT, query strings, status codes, error bodies, JSON formatting) and PostgreSQL with migrations
 * 001–013 (grants, RLS, CHECKs, 012's server created_at, 013's change feed and epoch). tests/db/differential.test.ts
 * replays request sequences against it and against the real stack and requires the same answers and rows.
 *
 * Deterministic: the caller passes the server's clock to each request; nothing random is made here (ids come from the
 * client). Requests outside what the model imitates throw ModelUnsupportedError instead of being answered.
 */
export type ModelRequest = { method: string; url: string; headers: Record<string, string>; body: string | null };
export type ModelResponse = { status: number; headers: Record<string, string>; body: string };

export type RestModelOptions = { jwtSecret?: string; grants?: Grants };

const JSON_TYPE = "application/json; charset=utf-8";

/** Read grants for anon: none (001/002 revoke every privilege on check_ins and predictions; 013 grants anon nothing). */
export const DEFAULT_GRANTS: Grants = { anonSelect: new Set<TableName>() };

/** What snapshot() returns: every table's rows as PostgreSQL's row_to_json prints them, in a fixed order. */
export type ModelSnapshot = Record<TableName, string[]> & { users: string[] };

export class RestModel {
  private readonly tables = new ServerTables();
  private readonly secret: string;
  private readonly grants: Grants;

  constructor(options: RestModelOptions = {}) {
    this.secret = options.jwtSecret ?? STACK_JWT_SECRET;
    this.grants = options.grants ?? DEFAULT_GRANTS;
  }

  /** A row in auth.users (what signing up creates); the tables' foreign keys point at it. */
  addUser(id: string): void {
    this.tables.users.add(parseUuid(id));
  }

  /** Deletes an account as `delete from auth.users` does: every row of the user goes by ON DELETE CASCADE. */
  removeUser(id: string): void {
    const uid = parseUuid(id);
    const next = this.tables.begin();
    next.users.delete(uid);
    for (const [key, row] of next.checkIns) if (row.user_id === uid) next.checkIns.delete(key);
    for (const [key, row] of next.predictions) if (row.user_id === uid) next.predictions.delete(key);
    next.syncState.delete(uid);
    next.tombstones = next.tombstones.filter((row) => row.user_id !== uid);
    this.tables.commit(next);
  }

  handle(request: ModelRequest, now: number): ModelResponse {
    const headers = lowerCaseKeys(request.headers);
    const url = new URL(request.url, "http://model.invalid");
    // The gateway (tests/stack/gateway.ts, like Supabase's) refuses a request without a project key first.
    if (headers.apikey === undefined && !url.searchParams.has("apikey")) {
      return { status: 401, headers: { "content-type": "application/json", date: httpDate(now) }, body: JSON.stringify({ message: "No API key found in request" }) };
    }
    if (!url.pathname.startsWith("/rest/v1/")) throw new ModelUnsupportedError(`path ${url.pathname}`);
    const path = url.pathname.slice("/rest/v1/".length);

    let role: RequestRole = { role: "anon", sub: null };
    try {
      role = roleOf(headers.authorization, this.secret, now);
      const answer = this.route(request.method, path, url.searchParams, headers, request.body, role, now);
      return { status: answer.status, headers: { "content-type": JSON_TYPE, ...answer.headers, date: httpDate(now) }, body: answer.body };
    } catch (error) {
      if (!(error instanceof PgError) || error.code === "MODEL") throw error;
      const anonymous = role.role === "anon";
      const status = error instanceof JwtRefusal ? 401 : httpStatusOf(error.code, anonymous);
      const wwwAuthenticate = error instanceof JwtRefusal ? error.wwwAuthenticate() : status === 401 ? "Bearer" : undefined;
      return {
        status,
        headers: { "content-type": JSON_TYPE, ...(wwwAuthenticate === undefined ? {} : { "www-authenticate": wwwAuthenticate }), date: httpDate(now) },
        body: JSON.stringify(error.body()),
      };
    }
  }

  private route(method: string, path: string, query: URLSearchParams, headers: Record<string, string>, body: string | null, role: RequestRole, now: number) {
    if (method === "GET" && !path.includes("/")) return select(this.tables, role, path, query, this.grants);
    if (method !== "POST" || !path.startsWith("rpc/")) throw new ModelUnsupportedError(`${method} /rest/v1/${path}`);
    if (!(headers["content-type"] ?? "").startsWith("application/json")) throw new ModelUnsupportedError(`an RPC with content-type ${headers["content-type"]}`);
    if ([...query.keys()].length > 0) throw new ModelUnsupportedError("an RPC with a query string");
    const args = parseBody(body);
    const name = path.slice("rpc/".length);
    if (name !== "push_changes" && name !== "delete_my_data") throw new ModelUnsupportedError(`rpc/${name}`);
    if (role.role === "anon") throw permissionDenied("function", name);
    if (role.sub === null) throw new ModelUnsupportedError("an authenticated token without sub");
    const uid = parseUuid(role.sub);

    const tx = this.tables.begin();
    let text: string;
    if (name === "push_changes") {
      text = pushResultText(pushChanges(tx, uid, args, millisToMicros(now)), formatTimestamptz);
    } else {
      if (args === null || typeof args !== "object" || Array.isArray(args) || Object.keys(args).length > 0) throw new ModelUnsupportedError("delete_my_data with arguments");
      text = String(deleteMyData(tx, uid));
    }
    this.tables.commit(tx);
    return { status: 200, headers: { "content-range": "0-0/*" }, body: text };
  }

  /**
   * Every row, as PostgreSQL's row_to_json prints it (all columns, table order), sorted by user_id and then change_seq
   * (sync_state by user_id): the same text `select row_to_json(t) … order by user_id, change_seq` gives on the real
   * database, so the two can be compared as strings. For invariants, parse the JSON.
   */
  snapshot(): ModelSnapshot {
    const tableRows = (table: TableName) => {
      const columns = Object.keys(TABLES[table]);
      const rows = this.tables.rows(table);
      const key = (row: Record<string, unknown>) => [row.user_id as string, (row.change_seq as number | null) ?? -1] as const;
      rows.sort((a, b) => {
        const [ua, sa] = key(a);
        const [ub, sb] = key(b);
        return ua < ub ? -1 : ua > ub ? 1 : sa - sb;
      });
      return rows.map((row) => rowJsonText(table, row, columns));
    };
    return {
      users: [...this.tables.users].sort(),
      check_ins: tableRows("check_ins"),
      predictions: tableRows("predictions"),
      sync_state: tableRows("sync_state"),
      sync_tombstones: tableRows("sync_tombstones"),
    };
  }
}

/** The snapshot's rows as one JSON array text per table (json_agg's layout), for printing. */
export const snapshotText = (rows: string[]) => jsonAggText(rows);

function parseBody(body: string | null): Json {
  if (body === null || body.trim() === "") throw new ModelUnsupportedError("an RPC without a body");
  try {
    return JSON.parse(body) as Json;
  } catch {
    throw new ModelUnsupportedError("an RPC whose body is not JSON");
  }
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** The Date header (RFC 7231), which the device reads to learn its clock offset. */
const httpDate = (now: number) => new Date(now).toUTCString();
