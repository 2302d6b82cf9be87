import type pg from "pg";
import { RestModel } from "@/tests/sim/server/rest-model";
import { materialize, type RecordedSequence } from "@/tests/sim/server/recorded-sequence";
import { Normalizer, type Observed } from "./compare";
import { historyLimit } from "./generate";

/**
 * Runs one sequence against the real stack (through its gateway, as the app) and against a fresh model, request by
 * request, and then compares every row of the sequence's users. Returns the first difference, or null.
 */
export type Difference = { at: string; request?: unknown; real: unknown; model: unknown };
export type ReplayStats = { requests: number; statuses: Map<number, number> };

const ROW_QUERIES = {
  check_ins: "select coalesce(array_agg(row_to_json(t)::text order by t.user_id, t.change_seq), '{}') as rows from public.check_ins t where t.user_id = any($1::uuid[])",
  predictions: "select coalesce(array_agg(row_to_json(t)::text order by t.user_id, t.change_seq), '{}') as rows from public.predictions t where t.user_id = any($1::uuid[])",
  sync_state: "select coalesce(array_agg(row_to_json(t)::text order by t.user_id), '{}') as rows from public.sync_state t where t.user_id = any($1::uuid[])",
  sync_tombstones: "select coalesce(array_agg(row_to_json(t)::text order by t.user_id, t.change_seq), '{}') as rows from public.sync_tombstones t where t.user_id = any($1::uuid[])",
} as const;

/** Removes the sequence's users with every row of theirs (a recorded sequence reuses its ids), then creates them. */
async function freshUsers(client: pg.Client, users: string[]): Promise<void> {
  await client.query("begin");
  try {
    // Bulk delete as delete_my_data does it: a cascaded check-in delete must not try to write tombstones.
    await client.query("set local app.sync_bulk_delete = 'on'");
    await client.query("delete from auth.users where id = any($1::uuid[])", [users]);
    await client.query("insert into auth.users (id, email) select u, u || '@differential.test' from unnest($1::uuid[]) as u", [users]);
    await client.query("commit");
  } catch (error) {
    await client.query("rollback");
    throw error;
  }
}

async function send(baseUrl: string, method: string, path: string, headers: Record<string, string>, body: string | null): Promise<Observed> {
  const response = await fetch(baseUrl + path, { method, headers, body });
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

export async function replay(sequence: RecordedSequence, baseUrl: string, client: pg.Client, stats: ReplayStats): Promise<Difference | null> {
  await freshUsers(client, sequence.users);
  const model = new RestModel();
  for (const user of sequence.users) model.addUser(user);
  const realSide = new Normalizer();
  const modelSide = new Normalizer();

  for (const [index, request] of sequence.requests.entries()) {
    const now = Date.now();
    const { headers, body } = materialize(request, now);
    const real = await send(baseUrl, request.method, request.path, headers, body);
    let modelAnswer: Observed;
    try {
      modelAnswer = model.handle({ method: request.method, url: request.path, headers, body }, now);
    } catch (error) {
      return { at: `request ${index}: the model threw`, request, real, model: String(error) };
    }
    stats.requests++;
    stats.statuses.set(real.status, (stats.statuses.get(real.status) ?? 0) + 1);
    const limit = historyLimit(request.path);
    const a = realSide.response(real, limit);
    const b = modelSide.response(modelAnswer, limit);
    if (JSON.stringify(a) !== JSON.stringify(b)) return { at: `request ${index}`, request, real: a, model: b };
  }

  const snapshot = model.snapshot();
  for (const [table, sql] of Object.entries(ROW_QUERIES) as [keyof typeof ROW_QUERIES, string][]) {
    const { rows } = await client.query<{ rows: string[] }>(sql, [sequence.users]);
    const real = rows[0]!.rows.map((row) => realSide.createdAt(row));
    const modelled = snapshot[table].map((row) => modelSide.createdAt(row));
    if (JSON.stringify(real) !== JSON.stringify(modelled)) return { at: `final rows of ${table}`, real, model: modelled };
  }
  return null;
}
