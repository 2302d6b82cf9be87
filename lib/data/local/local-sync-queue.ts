import { getLocalDb } from "@/lib/data/local/local-db";
import type { SyncQueueEntry, SyncRejection } from "@/lib/data/local/sync-queue-entry";

/** The queue's entries of one user, oldest first (an index range scan over [user_id, queued_at]). */
export async function listQueue(userId: string): Promise<SyncQueueEntry[]> {
  const db = await getLocalDb();
  return db.getAllFromIndex("sync_queue", "user_queued", IDBKeyRange.bound([userId, ""], [userId, "\uffff"]));
}

/** The oldest pending entry of a user, or null. */
export async function nextPending(userId: string): Promise<SyncQueueEntry | null> {
  const entries = await listQueue(userId);
  return entries.find((e) => e.status === "pending") ?? null;
}

export async function countQueue(userId: string): Promise<{ pending: number; rejected: number }> {
  const entries = await listQueue(userId);
  const pending = entries.filter((e) => e.status === "pending").length;
  return { pending, rejected: entries.length - pending };
}

export async function getQueueEntry(checkinId: string): Promise<SyncQueueEntry | undefined> {
  const db = await getLocalDb();
  return db.get("sync_queue", checkinId);
}

/** Marks an entry sent: removes it unless it changed since `version` was read (then the newer state is sent next). */
export async function completeEntry(checkinId: string, version: number): Promise<boolean> {
  const db = await getLocalDb();
  const tx = db.transaction("sync_queue", "readwrite");
  const current = await tx.store.get(checkinId);
  const done = current !== undefined && current.version === version;
  if (done) await tx.store.delete(checkinId);
  await tx.done;
  return done;
}

async function updateEntry(checkinId: string, change: (entry: SyncQueueEntry) => SyncQueueEntry): Promise<void> {
  const db = await getLocalDb();
  const tx = db.transaction("sync_queue", "readwrite");
  const current = await tx.store.get(checkinId);
  if (current) await tx.store.put(change(current));
  await tx.done;
}

export function recordTransientFailure(checkinId: string, message: string): Promise<void> {
  return updateEntry(checkinId, (e) => ({ ...e, attempts: e.attempts + 1, last_error: message }));
}

export function rejectEntry(checkinId: string, rejection: SyncRejection): Promise<void> {
  return updateEntry(checkinId, (e) => ({ ...e, status: "rejected", rejection, version: e.version + 1 }));
}

/** Needs attention → Retry: back in the queue, at the end. */
export function retryEntry(checkinId: string): Promise<void> {
  return updateEntry(checkinId, (e) => ({
    ...e,
    status: "pending",
    rejection: null,
    attempts: 0,
    last_error: null,
    queued_at: new Date().toISOString(),
    version: e.version + 1,
  }));
}
