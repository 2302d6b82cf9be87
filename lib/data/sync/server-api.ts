import type { CheckIn } from "@/lib/domain/check-in";
import { CHECK_IN_SELECT, checkInFromRow, checkInToRow } from "@/lib/domain/check-in-row";
import { isPredictionType, type Prediction } from "@/lib/domain/prediction";
import { rest, type RestTransport } from "@/lib/data/sync/rest";

/**
 * The server side of sync (migration 013, docs/architecture.md "Change feed"): one RPC to push, one to delete, and
 * keyset reads of a user's change feed. Each call carries the token of the user whose rows it moves.
 */

const CHECK_IN_FEED_SELECT = `${CHECK_IN_SELECT},change_seq`;
const PREDICTION_SELECT = "id,user_id,checkin_id,prediction_type,model_name,model_version,label,score,probabilities,created_at,change_seq";

/** Rows per feed page: at PostgREST's max-rows (supabase/config.toml), never above, or it would cut a page silently. */
export const FEED_PAGE_SIZE = 1000;

export type ServerStamp = { id: string; created_at: string };
export type PushAnswer = { epoch: number; check_ins: ServerStamp[]; predictions: ServerStamp[] };
export type SyncState = { epoch: number; last_change: number };

/**
 * Sends check-ins and their predictions in one transaction on the server, under the epoch this device knows. A
 * duplicate id is success; a stale epoch answers SY409; any refused row refuses the whole call.
 */
export async function pushChanges(
  transport: RestTransport,
  token: string,
  epoch: number,
  checkIns: readonly CheckIn[],
  predictions: readonly Prediction[],
  signal?: AbortSignal,
): Promise<PushAnswer> {
  const { body } = await rest<PushAnswer>(transport, {
    method: "POST",
    path: "rpc/push_changes",
    body: { p_epoch: epoch, p_check_ins: checkIns.map(checkInToRow), p_predictions: predictions.map(predictionBody) },
    token,
    signal,
    what: "Could not send your check-ins",
  });
  return body;
}

/** Delete my data on the server: every check-in and prediction of the token's user; returns the new epoch. */
export async function deleteMyDataOnServer(transport: RestTransport, token: string, signal?: AbortSignal): Promise<number> {
  const { body } = await rest<number>(transport, { method: "POST", path: "rpc/delete_my_data", body: {}, token, signal, what: "Could not delete your data" });
  return Number(body);
}

/**
 * Delete my account on the server (migration 014): the caller's Auth user goes, and with it, by cascade, every row of
 * theirs. No arguments: the function knows the caller only from the token (`auth.uid()`).
 */
export async function deleteMyAccountOnServer(transport: RestTransport, token: string, signal?: AbortSignal): Promise<void> {
  await rest<unknown>(transport, { method: "POST", path: "rpc/delete_my_account", body: {}, token, signal, what: "Could not delete your account" });
}

export async function readSyncState(transport: RestTransport, token: string, userId: string, signal?: AbortSignal): Promise<SyncState> {
  const { body } = await rest<{ epoch: number | string; last_change: number | string }[]>(transport, {
    method: "GET",
    path: "sync_state",
    query: { select: "epoch,last_change", user_id: `eq.${userId}` },
    token,
    signal,
    what: "Could not read your sync state",
  });
  const row = body[0];
  return row ? { epoch: Number(row.epoch), last_change: Number(row.last_change) } : { epoch: 0, last_change: 0 };
}

type FeedRange = { userId: string; after: number; upTo: number; limit?: number; signal?: AbortSignal };

const feedQuery = (select: string, r: FeedRange) => ({
  select,
  user_id: `eq.${r.userId}`,
  change_seq: [`gt.${r.after}`, `lte.${r.upTo}`],
  order: "change_seq.asc",
  limit: String(r.limit ?? FEED_PAGE_SIZE),
});

type Seq = { change_seq: number | string };

export async function fetchCheckInFeed(transport: RestTransport, token: string, r: FeedRange): Promise<{ rows: CheckIn[]; seqs: number[]; last: number | null }> {
  const { body } = await rest<(CheckIn & Seq)[]>(transport, {
    method: "GET", path: "check_ins", query: feedQuery(CHECK_IN_FEED_SELECT, r), token, signal: r.signal, what: "Could not fetch your check-ins",
  });
  return { rows: body.map((row) => checkInFromRow(row)), seqs: body.map((r) => Number(r.change_seq)), last: lastSeq(body) };
}

/** Predictions of a type this version does not know (a newer app wrote them) are left on the server, not failed on. */
export async function fetchPredictionFeed(transport: RestTransport, token: string, r: FeedRange): Promise<{ rows: Prediction[]; last: number | null }> {
  const { body } = await rest<(Prediction & Seq)[]>(transport, {
    method: "GET", path: "predictions", query: feedQuery(PREDICTION_SELECT, r), token, signal: r.signal, what: "Could not fetch your predictions",
  });
  return { rows: body.filter((p) => isPredictionType(p.prediction_type)).map(predictionFromFeedRow), last: lastSeq(body) };
}

export async function fetchTombstoneFeed(transport: RestTransport, token: string, r: FeedRange): Promise<{ rows: string[]; seqs: number[]; last: number | null }> {
  const { body } = await rest<({ checkin_id: string } & Seq)[]>(transport, {
    method: "GET", path: "sync_tombstones", query: feedQuery("checkin_id,change_seq", r), token, signal: r.signal, what: "Could not fetch deletions",
  });
  return { rows: body.map((t) => t.checkin_id), seqs: body.map((t) => Number(t.change_seq)), last: lastSeq(body) };
}

const lastSeq = (rows: readonly Seq[]): number | null => (rows.length === 0 ? null : Number(rows[rows.length - 1]!.change_seq));

function predictionBody(p: Prediction) {
  return {
    id: p.id, user_id: p.user_id, checkin_id: p.checkin_id, prediction_type: p.prediction_type, model_name: p.model_name,
    model_version: p.model_version, label: p.label, score: p.score, probabilities: p.probabilities, created_at: p.created_at,
  };
}

function predictionFromFeedRow(row: Prediction & Seq): Prediction {
  const probabilities = Array.isArray(row.probabilities) && row.probabilities.every((p) => typeof p === "number") ? row.probabilities : null;
  return {
    id: row.id, user_id: row.user_id, checkin_id: row.checkin_id, prediction_type: row.prediction_type, model_name: row.model_name,
    model_version: row.model_version, label: row.label, score: Number(row.score), probabilities,
    created_at: new Date(row.created_at).toISOString(),
  };
}
