import { type CheckIn, type CheckInHistoryPage, storedCheckInSchema } from "@/lib/domain/check-in";
import { CHECK_IN_COLUMNS } from "@/lib/domain/check-in-row";
import type { Generation } from "@/lib/data/local/generation";
import type { LocalStore } from "@/lib/data/local/local-db";
import { enqueueInTx } from "@/lib/data/local/local-sync-queue";
import { writeTx } from "@/lib/data/local/write-tx";

/**
 * Stores a check-in after validating it with the rules of a stored row (the form's, but energy and stress may be null:
 * rows imported from Daylio) and the database's CHECKs. With `queue`
 * (Supabase mode), the row and its sync-queue entry are written in one transaction: a check-in is never stored
 * without being queued, or queued without being stored. `generation`: the store's generation when the save began;
 * if a sign-out, switch or Delete happened since, nothing is written (StaleGenerationError).
 */
export async function putLocalCheckIn(store: LocalStore, checkIn: CheckIn, options: { queue?: boolean; generation?: Generation | null } = {}): Promise<CheckIn> {
  storedCheckInSchema.parse(checkIn);
  await writeTx(store, ["check_ins", "sync_queue"], options.generation ?? null, async (tx) => {
    await tx.objectStore("check_ins").put(checkIn);
    if (options.queue) await enqueueInTx(tx.objectStore("sync_queue"), checkIn.id, checkIn.user_id, checkIn.created_at);
  });
  return checkIn;
}

/** Every column equal (the field table's columns: a new field is compared without a change here). */
export function sameCheckIn(a: CheckIn, b: CheckIn): boolean {
  return CHECK_IN_COLUMNS.every((c) => a[c] === b[c]);
}

export async function getLocalCheckIn(store: LocalStore, id: string): Promise<CheckIn | undefined> {
  const db = await store.db();
  return db.get("check_ins", id);
}

/** Where the next History page starts: below this check-in in (checkin_date, id) order. */
export type HistoryCursor = { checkin_date: string; id: string };

/**
 * Newest-first page of a user's check-ins: a reverse range scan over [user_id, checkin_date, id], starting strictly
 * below the cursor, like `where user_id = $1 and (checkin_date, id) < ($d, $id) order by checkin_date desc, id desc
 * limit $n`. The id in the cursor keeps check-ins that share a timestamp from being skipped at a page boundary.
 */
export async function listLocalCheckIns(
  store: LocalStore,
  params: { userId: string; cursor: HistoryCursor | null; pageSize: number },
): Promise<CheckInHistoryPage<HistoryCursor>> {
  const { userId, cursor, pageSize } = params;
  const db = await store.db();
  // "\uffff" sorts after every ISO timestamp and id, so a null cursor means "from the newest".
  const upper = cursor ? [userId, cursor.checkin_date, cursor.id] : [userId, "\uffff"];
  const range = IDBKeyRange.bound([userId, ""], upper, false, cursor !== null);
  const items: CheckIn[] = [];
  let c = await db.transaction("check_ins").store.index("user_date_id").openCursor(range, "prev");
  // Read one more than a page to know whether another page follows.
  while (c && items.length < pageSize + 1) {
    items.push(c.value);
    c = await c.continue();
  }
  const hasMore = items.length > pageSize;
  const page = hasMore ? items.slice(0, pageSize) : items;
  const last = page[page.length - 1];
  return { items: page, nextCursor: hasMore && last ? { checkin_date: last.checkin_date, id: last.id } : null };
}

/**
 * A user's check-ins with `from <= checkin_date < before`, newest first: the history window the models' features
 * read. Both bounds are ISO instants in the same format the rows are stored in (toISOString).
 */
export async function listLocalCheckInsBetween(store: LocalStore, params: { userId: string; from: string; before: string }): Promise<CheckIn[]> {
  const db = await store.db();
  const range = IDBKeyRange.bound([params.userId, params.from], [params.userId, params.before], false, true);
  const rows = await db.getAllFromIndex("check_ins", "user_date", range);
  return rows.reverse();
}

/** Every check-in of a user, newest first (Download my data). */
export async function listAllLocalCheckIns(store: LocalStore, userId: string): Promise<CheckIn[]> {
  const db = await store.db();
  const rows = await db.getAllFromIndex("check_ins", "user_date", IDBKeyRange.bound([userId, ""], [userId, "\uffff"]));
  return rows.reverse();
}

/** How many check-ins of a user this browser holds (a count over the [user_id, checkin_date] index). */
export async function countLocalCheckIns(store: LocalStore, userId: string): Promise<number> {
  const db = await store.db();
  return db.countFromIndex("check_ins", "user_date", IDBKeyRange.bound([userId, ""], [userId, "\uffff"]));
}
