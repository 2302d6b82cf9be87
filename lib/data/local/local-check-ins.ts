import { type CheckIn, type CheckInHistoryPage, checkInInputSchema } from "@/lib/domain/check-in";
import { getLocalDb } from "@/lib/data/local/local-db";
import type { SyncQueueEntry } from "@/lib/data/local/sync-queue-entry";

/**
 * Stores a check-in after validating it with the same schema as the form and the database's CHECKs. With `queue`
 * (Supabase mode), the row and its sync-queue entry are written in one transaction: a check-in is never stored
 * without being queued, or queued without being stored.
 */
export async function putLocalCheckIn(checkIn: CheckIn, options: { queue?: boolean } = {}): Promise<CheckIn> {
  checkInInputSchema.parse(checkIn);
  const db = await getLocalDb();
  const tx = db.transaction(["check_ins", "sync_queue"], "readwrite");
  await tx.objectStore("check_ins").put(checkIn);
  if (options.queue) await enqueueInTx(tx.objectStore("sync_queue"), checkIn.id, checkIn.user_id);
  await tx.done;
  return checkIn;
}

type QueueStore = {
  get(key: string): Promise<SyncQueueEntry | undefined>;
  put(value: SyncQueueEntry): Promise<unknown>;
};

/** Queues a check-in for pushing, or bumps the version of its entry so the newest state is sent. */
export async function enqueueInTx(store: QueueStore, checkinId: string, userId: string): Promise<void> {
  const existing = await store.get(checkinId);
  await store.put(
    existing
      ? { ...existing, version: existing.version + 1 }
      : {
          checkin_id: checkinId,
          user_id: userId,
          queued_at: new Date().toISOString(),
          version: 1,
          status: "pending",
          attempts: 0,
          last_error: null,
          rejection: null,
        },
  );
}

/**
 * Rows pulled from Supabase, stored as they are (already validated by the database's constraints). Returns how many
 * were new or different here: a pull that only re-read what this browser has must not refresh every open page.
 */
export async function putPulledCheckIns(checkIns: readonly CheckIn[]): Promise<number> {
  if (checkIns.length === 0) return 0;
  const db = await getLocalDb();
  const tx = db.transaction("check_ins", "readwrite");
  let changed = 0;
  for (const c of checkIns) {
    const existing = await tx.store.get(c.id);
    if (existing && sameCheckIn(existing, c)) continue;
    await tx.store.put(c);
    changed += 1;
  }
  await tx.done;
  return changed;
}

const CHECK_IN_FIELDS = ["user_id", "checkin_date", "created_at", "mood", "energy", "stress", "sleep_hours", "activity_minutes", "notes"] as const;

function sameCheckIn(a: CheckIn, b: CheckIn): boolean {
  return CHECK_IN_FIELDS.every((f) => a[f] === b[f]);
}

export async function getLocalCheckIn(id: string): Promise<CheckIn | undefined> {
  const db = await getLocalDb();
  return db.get("check_ins", id);
}

/**
 * Newest-first page of a user's check-ins: a reverse range scan over [user_id, checkin_date], starting strictly
 * below the cursor, like `where user_id = $1 and checkin_date < $cursor order by checkin_date desc limit $n`.
 */
export async function listLocalCheckIns(params: {
  userId: string;
  cursor: string | null;
  pageSize: number;
}): Promise<CheckInHistoryPage> {
  const { userId, cursor, pageSize } = params;
  const db = await getLocalDb();
  // "\uffff" sorts after every ISO timestamp, so a null cursor means "from the newest".
  const upper = cursor ?? "\uffff";
  const range = IDBKeyRange.bound([userId, ""], [userId, upper], false, cursor !== null);
  const items: CheckIn[] = [];
  let c = await db.transaction("check_ins").store.index("user_date").openCursor(range, "prev");
  // Read one more than a page to know whether another page follows.
  while (c && items.length < pageSize + 1) {
    items.push(c.value);
    c = await c.continue();
  }
  const hasMore = items.length > pageSize;
  const page = hasMore ? items.slice(0, pageSize) : items;
  return { items: page, nextCursor: hasMore ? (page[page.length - 1]?.checkin_date ?? null) : null };
}

/**
 * A user's check-ins with `from <= checkin_date < before`, newest first: the history window the models' features
 * read. Both bounds are ISO instants in the same format the rows are stored in (toISOString).
 */
export async function listLocalCheckInsBetween(params: { userId: string; from: string; before: string }): Promise<CheckIn[]> {
  const db = await getLocalDb();
  const range = IDBKeyRange.bound([params.userId, params.from], [params.userId, params.before], false, true);
  const rows = await db.getAllFromIndex("check_ins", "user_date", range);
  return rows.reverse();
}

/** Every check-in of a user, newest first (Download my data, and the pull's reconciliation). */
export async function listAllLocalCheckIns(userId: string): Promise<CheckIn[]> {
  const db = await getLocalDb();
  const rows = await db.getAllFromIndex("check_ins", "user_date", IDBKeyRange.bound([userId, ""], [userId, "\uffff"]));
  return rows.reverse();
}

/** How many check-ins of a user this browser holds (a count over the [user_id, checkin_date] index). */
export async function countLocalCheckIns(userId: string): Promise<number> {
  const db = await getLocalDb();
  return db.countFromIndex("check_ins", "user_date", IDBKeyRange.bound([userId, ""], [userId, "\uffff"]));
}

/** Takes the server's `created_at` for rows it just stored (migration 012 stamps it), so both copies agree. */
export async function applyServerStamps(store: "check_ins" | "predictions", stamps: readonly { id: string; created_at: string }[]): Promise<void> {
  if (stamps.length === 0) return;
  const db = await getLocalDb();
  const tx = db.transaction(store, "readwrite");
  for (const { id, created_at } of stamps) {
    const row = await tx.store.get(id);
    const serverTime = new Date(created_at).toISOString();
    if (row && row.created_at !== serverTime) await tx.store.put({ ...row, created_at: serverTime });
  }
  await tx.done;
}
