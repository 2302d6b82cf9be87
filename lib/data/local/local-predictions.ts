import type { Prediction } from "@/lib/domain/prediction";
import { getLocalDb } from "@/lib/data/local/local-db";
import type { PredictionType } from "@/lib/domain/prediction";

/** Stores the predictions made for one check-in, all or none. */
export async function putLocalPredictions(predictions: readonly Prediction[]): Promise<void> {
  const db = await getLocalDb();
  const tx = db.transaction("predictions", "readwrite");
  await Promise.all([...predictions.map((p) => tx.store.put(p)), tx.done]);
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
