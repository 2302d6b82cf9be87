import { decodeJwt, JwtError, STACK_JWT_SECRET, verifyJwt } from "@/tests/stack/jwt";

/**
 * PLACEHOLDER until helper MODEL's tests/sim/server/rest-model.ts lands (then this file goes): just enough of
 * docs/sync-design.md section 1 for the harness to run. The interface is what the harness expects of the real model:
 *   new RestModel({ now, userIds }) · handle(request) → response · checkInsOf(userId) · predictionsOf(userId)
 */
export type RestRequest = { method: string; path: string; query: URLSearchParams; headers: Record<string, string>; body: unknown };
export type RestResponse = { status: number; headers?: Record<string, string>; body?: unknown };
type Row = Record<string, unknown> & { id: string; user_id: string; change_seq: number; created_at: string };

const CHECK_IN_COLUMNS = ["id", "user_id", "checkin_date", "mood", "energy", "stress", "sleep_hours", "activity_minutes", "notes", "created_at"];
const PREDICTION_COLUMNS = ["id", "user_id", "checkin_id", "prediction_type", "model_name", "model_version", "label", "score", "probabilities", "created_at"];

const error = (status: number, code: string, message: string): RestResponse => ({ status, body: { code, details: null, hint: null, message } });

export class RestModel {
  private readonly state = new Map<string, { epoch: number; last_change: number }>();
  private readonly tables = { check_ins: new Map<string, Row>(), predictions: new Map<string, Row>() };
  private readonly tombstones: { user_id: string; change_seq: number; checkin_id: string }[] = [];

  constructor(private readonly options: { now(): number; userIds: readonly string[] }) {}

  checkInsOf(userId: string): Row[] {
    return [...this.tables.check_ins.values()].filter((r) => r.user_id === userId);
  }

  predictionsOf(userId: string): Row[] {
    return [...this.tables.predictions.values()].filter((r) => r.user_id === userId);
  }

  handle(request: RestRequest): RestResponse {
    const token = (request.headers.authorization ?? "").replace(/^Bearer /i, "");
    let uid: string;
    try {
      const claims = verifyJwt(token, STACK_JWT_SECRET, Math.floor(this.options.now() / 1000));
      uid = String(claims.sub ?? "");
    } catch (e) {
      if (!(e instanceof JwtError)) throw e;
      return { status: 401, headers: { "www-authenticate": 'Bearer error="invalid_token"' }, body: { code: "PGRST301", details: null, hint: null, message: e.message === "token has expired" ? "JWT expired" : e.message } };
    }
    if (decodeJwt(token)?.role !== "authenticated") return error(401, "42501", "permission denied");
    const route = `${request.method} ${request.path}`;
    if (route === "POST /rpc/push_changes") return this.push(uid, request.body as Record<string, unknown>);
    if (route === "POST /rpc/delete_my_data") return this.deleteAll(uid);
    if (request.method === "GET") return this.select(uid, request.path.slice(1), request.query);
    return error(404, "PGRST202", `no route ${route}`);
  }

  private next(uid: string): number {
    const s = this.state.get(uid) ?? { epoch: 0, last_change: 0 };
    s.last_change += 1;
    this.state.set(uid, s);
    return s.last_change;
  }

  private push(uid: string, body: Record<string, unknown>): RestResponse {
    const s = this.state.get(uid) ?? { epoch: 0, last_change: 0 };
    this.state.set(uid, s);
    if (Number(body.p_epoch) !== s.epoch) return error(400, "SY409", "Your data was deleted on another device.");
    const checkIns = (body.p_check_ins ?? []) as Record<string, unknown>[];
    const predictions = (body.p_predictions ?? []) as Record<string, unknown>[];
    for (const r of [...checkIns, ...predictions]) {
      if (r.user_id !== uid) return error(403, "42501", 'new row violates row-level security policy for table "check_ins"');
    }
    const known = new Set([...this.tables.check_ins.keys(), ...checkIns.map((c) => String(c.id))]);
    if (predictions.some((p) => !known.has(String(p.checkin_id)))) return error(409, "23503", "insert or update on table \"predictions\" violates foreign key constraint");
    const created = new Date(this.options.now()).toISOString();
    const out = { epoch: s.epoch, check_ins: [] as unknown[], predictions: [] as unknown[] };
    for (const [table, rows, columns] of [["check_ins", checkIns, CHECK_IN_COLUMNS], ["predictions", predictions, PREDICTION_COLUMNS]] as const) {
      for (const r of rows) {
        const id = String(r.id);
        if (this.tables[table].has(id)) continue;
        const row = Object.fromEntries(columns.map((c) => [c, r[c] ?? null])) as Row;
        row.created_at = created;
        row.change_seq = this.next(uid);
        this.tables[table].set(id, row);
        out[table].push({ id, created_at: row.created_at, change_seq: row.change_seq });
      }
    }
    return { status: 200, body: out };
  }

  private deleteAll(uid: string): RestResponse {
    const s = this.state.get(uid) ?? { epoch: 0, last_change: 0 };
    s.epoch += 1;
    s.last_change += 1;
    this.state.set(uid, s);
    for (const table of [this.tables.check_ins, this.tables.predictions]) for (const [id, r] of table) if (r.user_id === uid) table.delete(id);
    for (let i = this.tombstones.length - 1; i >= 0; i--) if (this.tombstones[i]!.user_id === uid) this.tombstones.splice(i, 1);
    return { status: 200, body: s.epoch };
  }

  private select(uid: string, table: string, query: URLSearchParams): RestResponse {
    let rows: Record<string, unknown>[];
    if (table === "sync_state") rows = this.state.has(uid) ? [{ user_id: uid, ...this.state.get(uid) }] : [];
    else if (table === "check_ins" || table === "predictions") rows = [...this.tables[table].values()];
    else if (table === "sync_tombstones") rows = [...this.tombstones];
    else return error(404, "42P01", `relation "public.${table}" does not exist`);
    rows = rows.filter((r) => r.user_id === uid); // RLS: select own
    for (const [key, value] of query) {
      if (key === "select" || key === "order" || key === "limit") continue;
      const [op, operand] = [value.slice(0, value.indexOf(".")), value.slice(value.indexOf(".") + 1)];
      rows = rows.filter((r) => {
        const v = r[key];
        if (op === "eq") return String(v) === operand;
        if (op === "gt") return Number(v) > Number(operand);
        if (op === "lte") return Number(v) <= Number(operand);
        return true;
      });
    }
    if (query.get("order")?.startsWith("change_seq")) rows.sort((a, b) => Number(a.change_seq) - Number(b.change_seq));
    const limit = query.get("limit");
    if (limit !== null) rows = rows.slice(0, Number(limit));
    const select = query.get("select");
    if (select && select !== "*") rows = rows.map((r) => Object.fromEntries(select.split(",").map((c) => [c, r[c] ?? null])));
    return { status: 200, body: rows };
  }
}
