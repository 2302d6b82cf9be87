import type { Prediction, PredictionType } from "@/lib/domain/prediction";
import type { Generation } from "@/lib/data/local/generation";
import type { LocalStore } from "@/lib/data/local/local-db";
import { enqueueInTx } from "@/lib/data/local/local-sync-queue";
import { writeTx } from "@/lib/data/local/write-tx";

/** The check-in the predictions were made for is no longer on this device (wiped or discarded while the models ran). */
export class CheckInGoneError extends Error {
  override name = "CheckInGoneError";
  constructor() {
    super("The predictions were not stored: their check-in is no longer on this device.");
  }
}

/**
 * Stores the predictions made for one check-in, all or none. With `queue` (Supabase mode) the check-in's sync entry
 * is bumped in the same transaction, so they are pushed with (or after) their check-in. Refused when the check-in is
 * gone (a queue entry for it could never be sent: the server's foreign key refuses it) or the generation changed.
 */
export async function putLocalPredictions(
  store: LocalStore,
  predictions: readonly Prediction[],
  options: { queue?: boolean; generation?: Generation | null } = {},
): Promise<void> {
  const first = predictions[0];
  if (!first) return;
  await writeTx(store, ["predictions", "sync_queue", "check_ins"], options.generation ?? null, async (tx) => {
    const checkIn = await tx.objectStore("check_ins").get(first.checkin_id);
    if (!checkIn) throw new CheckInGoneError();
    for (const p of predictions) await tx.objectStore("predictions").put(p);
    if (options.queue) await enqueueInTx(tx.objectStore("sync_queue"), first.checkin_id, first.user_id, checkIn.created_at);
  });
}

export async function listPredictionsOfCheckIn(store: LocalStore, checkinId: string): Promise<Prediction[]> {
  const db = await store.db();
  return db.getAllFromIndex("predictions", "checkin", checkinId);
}

/** Newest-first predictions of one type: a reverse range scan over [user_id, prediction_type, created_at]. */
export async function listLocalPredictionsByType(store: LocalStore, params: { userId: string; type: PredictionType; limit: number }): Promise<Prediction[]> {
  const { userId, type, limit } = params;
  const db = await store.db();
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
export async function listAllLocalPredictions(store: LocalStore, userId: string): Promise<Prediction[]> {
  const db = await store.db();
  const range = IDBKeyRange.bound([userId, "", ""], [userId, "\uffff", "\uffff"]);
  return db.getAllFromIndex("predictions", "user_type_created", range);
}
