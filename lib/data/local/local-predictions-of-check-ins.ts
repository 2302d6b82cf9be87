import type { Prediction } from "@/lib/domain/prediction";
import type { LocalStore } from "@/lib/data/local/local-db";

/**
 * Every stored prediction of the given check-ins, read in one transaction over the `checkin` index (the track record
 * pairs a day's predictions with the next day's check-in, so it needs them by check-in, not by type or time: a
 * prediction pulled from another device carries the server's `created_at`, not its check-in's day).
 */
export async function listLocalPredictionsOfCheckIns(store: LocalStore, checkinIds: readonly string[]): Promise<Prediction[]> {
  if (checkinIds.length === 0) return [];
  const db = await store.db();
  const index = db.transaction("predictions").store.index("checkin");
  const lists = await Promise.all(checkinIds.map((id) => index.getAll(id)));
  return lists.flat();
}
