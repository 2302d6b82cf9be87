import type { Generation } from "@/lib/data/local/generation";
import type { LocalStore } from "@/lib/data/local/local-db";
import type { SyncQueueEntry, SyncRejection } from "@/lib/data/local/sync-queue-entry";
import { writeTx } from "@/lib/data/local/write-tx";

const userRange = (userId: string) => IDBKeyRange.bound([userId, ""], [userId, "\uffff"]);

/** The queue's entries of one user, oldest first (one range read over [user_id, queued_at]). */
export async function listQueue(store: LocalStore, userId: string): Promise<SyncQueueEntry[]> {
  const db = await store.db();
  return db.getAllFromIndex("sync_queue", "user_queued", userRange(userId));
}

export async function countQueue(store: LocalStore, userId: string): Promise<{ pending: number; rejected: number }> {
  const entries = await listQueue(store, userId);
  const pending = entries.filter((e) => e.status === "pending").length;
  return { pending, rejected: entries.length - pending };
}

export async function getQueueEntry(store: LocalStore, checkinId: string): Promise<SyncQueueEntry | undefined> {
  const db = await store.db();
  return db.get("sync_queue", checkinId);
}

type QueueStore = {
  get(key: string): Promise<SyncQueueEntry | undefined>;
  put(value: SyncQueueEntry): Promise<unknown>;
};

/**
 * Queues a check-in for pushing, or bumps the version of its entry so the newest state is sent. `queuedAt` orders the
 * queue (the check-in's own stamp, so the order does not depend on which tab wrote first).
 */
export async function enqueueInTx(store: QueueStore, checkinId: string, userId: string, queuedAt: string): Promise<void> {
  const existing = await store.get(checkinId);
  await store.put(
    existing
      ? { ...existing, version: existing.version + 1 }
      : { checkin_id: checkinId, user_id: userId, queued_at: queuedAt, version: 1, status: "pending", attempts: 0, last_error: null, rejection: null },
  );
}

/**
 * Marks entries sent: each is removed unless it changed since `version` was read (then the newer state is sent next).
 * Dropped as a whole when the generation changed (a sign-out or Delete happened during the push).
 */
export async function completeEntries(
  store: LocalStore,
  generation: Generation,
  sent: readonly { checkin_id: string; version: number }[],
): Promise<void> {
  if (sent.length === 0) return;
  await writeTx(store, ["sync_queue"], generation, async (tx) => {
    const queue = tx.objectStore("sync_queue");
    for (const { checkin_id, version } of sent) {
      const current = await queue.get(checkin_id);
      if (current && current.version === version) await queue.delete(checkin_id);
    }
  });
}

async function updateEntry(store: LocalStore, generation: Generation | null, checkinId: string, change: (entry: SyncQueueEntry) => SyncQueueEntry): Promise<void> {
  await writeTx(store, ["sync_queue"], generation, async (tx) => {
    const current = await tx.objectStore("sync_queue").get(checkinId);
    if (current) await tx.objectStore("sync_queue").put(change(current));
  });
}

export function recordTransientFailure(store: LocalStore, generation: Generation, checkinId: string, message: string): Promise<void> {
  return updateEntry(store, generation, checkinId, (e) => ({ ...e, attempts: e.attempts + 1, last_error: message }));
}

export function rejectEntry(store: LocalStore, generation: Generation, checkinId: string, rejection: SyncRejection): Promise<void> {
  return updateEntry(store, generation, checkinId, (e) => ({ ...e, status: "rejected", rejection, version: e.version + 1 }));
}

/** Needs attention → Retry: back in the queue (a person's own action: no generation to check). */
export function retryEntry(store: LocalStore, checkinId: string): Promise<void> {
  return updateEntry(store, null, checkinId, (e) => ({
    ...e,
    status: "pending",
    rejection: null,
    attempts: 0,
    last_error: null,
    version: e.version + 1,
  }));
}
