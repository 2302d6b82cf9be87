import type { Prediction, PredictionType } from "@/lib/domain/prediction";
import { enqueueInTx } from "@/lib/data/local/local-check-ins";
import { getLocalDb } from "@/lib/data/local/local-db";

/**
 * Stores the predictions made for one check-in, all or none. With `queue` (Supabase mode) the check-in's sync entry
 * is bumped in the same transaction, so they are pushed with (or after) their check-in.
 */
export async function putLocalPredictions(predictions: readonly Prediction[], options: { queue?: boolean } = {}): Promise<void> {
  if (predictions.length === 0) return;
  const db = await getLocalDb();
  const tx = db.transaction(["predictions", "sync_queue"], "readwrite");
  for (const p of predictions) await tx.objectStore("predictions").put(p);
  if (options.queue) {
    const first = predictions[0]!;
    await enqueueInTx(tx.objectStore("sync_queue"), first.checkin_id, first.user_id);
  }
  await tx.done;
}

/**
 * Predictions pulled from Supabase; returns how many were new or different here (predictions are never edited, but the
 * server stamps `created_at` itself, migration 012).
 */
export async function putPulledPredictions(predictions: readonly Prediction[]): Promise<number> {
  if (predictions.length === 0) return 0;
  const db = await getLocalDb();
  const tx = db.transaction("predictions", "readwrite");
  let added = 0;
  for (const p of predictions) {
    const existing = await tx.store.get(p.id);
    if (existing && existing.created_at === p.created_at) continue;
    await tx.store.put(p);
    added += 1;
  }
  await tx.done;
  return added;
}

export async function listPredictionsOfCheckIn(checkinId: string): Promise<Prediction[]> {
  const db = await getLocalDb();
  return db.getAllFromIndex("predictions", "checkin", checkinId);
}

/** Newest-first predictions of one type: a reverse range scan over [user_id, prediction_type, created_at]. */
export async function listLocalPredictionsByType(params: {
  userId: string;
  type: PredictionType;
  limit: number;
}): Promise<Prediction[]> {
  const { userId, type, limit } = params;
  const db = await getLocalDb();
  const range = IDBKeyRange.bound([userId, type, ""], [userId, type, "\uffff"]);
  const items: Prediction[] = [];
  let c = await db.transaction("predictions").store.index("user_type_created").openCursor(range, "prev");
  while (c && items.length < limit) {
    items.push(c.value);
    c = await c.continue();
  }
  return items;
}

/** Every prediction of a user (Download my data). */
export async function listAllLocalPredictions(userId: string): Promise<Prediction[]> {
  const db = await getLocalDb();
  const range = IDBKeyRange.bound([userId, "", ""], [userId, "\uffff", "\uffff"]);
  return db.getAllFromIndex("predictions", "user_type_created", range);
}
