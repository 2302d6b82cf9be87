import type { CheckIn } from "@/lib/domain/check-in";
import type { Prediction } from "@/lib/domain/prediction";
import type { Generation } from "@/lib/data/local/generation";
import type { LocalStore } from "@/lib/data/local/local-db";
import { sameCheckIn } from "@/lib/data/local/local-check-ins";
import type { SyncRejection } from "@/lib/data/local/sync-queue-entry";
import { deleteCheckInInTx, feedStateKey } from "@/lib/data/local/local-wipe";
import { writeTx } from "@/lib/data/local/write-tx";

/**
 * Where this device is in a user's change feed on the server (migration 013): every row with `change_seq <= cursor`
 * has been applied here, under the server's deletion `epoch`.
 */
export type FeedState = { epoch: number; cursor: number };

const isFeedState = (v: unknown): v is FeedState =>
  v !== null && typeof v === "object" && Number.isSafeInteger((v as FeedState).epoch) && Number.isSafeInteger((v as FeedState).cursor);

export async function getFeedState(store: LocalStore, userId: string): Promise<FeedState | null> {
  const db = await store.db();
  const value = await db.get("meta", feedStateKey(userId));
  return isFeedState(value) ? value : null;
}

export type FeedPage = { checkIns: readonly CheckIn[]; predictions: readonly Prediction[]; tombstones: readonly string[] };

/**
 * Applies pulled rows (and deletions) in one transaction, with the feed position when given; returns how many rows
 * here changed. Refused as a whole after a wipe (generation). A tombstone removes the check-in, its predictions and any
 * queue entry (it was deleted on the server after this device sent it).
 */
export async function applyFeedPage(
  store: LocalStore,
  generation: Generation,
  userId: string,
  page: FeedPage,
  state: FeedState | null,
): Promise<number> {
  return writeTx(store, ["check_ins", "predictions", "sync_queue"], generation, async (tx) => {
    let changed = 0;
    const checkIns = tx.objectStore("check_ins");
    for (const c of page.checkIns) {
      const existing = await checkIns.get(c.id);
      if (existing && sameCheckIn(existing, c)) continue;
      await checkIns.put(c);
      changed += 1;
    }
    const predictions = tx.objectStore("predictions");
    for (const p of page.predictions) {
      // Its check-in was deleted here meanwhile (a tombstone earlier in this pull): don't leave an orphan.
      if (!(await checkIns.get(p.checkin_id))) continue;
      const existing = await predictions.get(p.id);
      if (existing && existing.created_at === p.created_at) continue;
      await predictions.put(p);
      changed += 1;
    }
    for (const id of page.tombstones) {
      if (!(await checkIns.get(id))) continue;
      await deleteCheckInInTx(tx, id);
      changed += 1;
    }
    if (state) await tx.objectStore("meta").put(state, feedStateKey(userId));
    return changed;
  });
}

/**
 * The server's epoch moved on: the person deleted their data from another device. Synced rows leave this device; a
 * check-in saved here and not sent yet is not silently dropped: it goes to Needs attention, where Retry sends it
 * (under the new epoch) and Discard removes it. The feed restarts from 0 under the new epoch.
 */
export async function applyRemoteDelete(store: LocalStore, generation: Generation, userId: string, state: FeedState, at: string): Promise<number> {
  return writeTx(store, ["check_ins", "predictions", "sync_queue"], generation, async (tx) => {
    const queue = tx.objectStore("sync_queue");
    const queued = new Set<string>();
    let q = await queue.index("user_queued").openCursor(IDBKeyRange.bound([userId, ""], [userId, "\uffff"]));
    const rejection: SyncRejection = {
      status: 409,
      code: "SY409",
      reason: "Your data was deleted on another device after this check-in was saved here. Retry sends it; Discard removes it.",
      at,
    };
    while (q) {
      queued.add(q.value.checkin_id);
      if (q.value.status === "pending") await q.update({ ...q.value, status: "rejected", rejection, version: q.value.version + 1 });
      q = await q.continue();
    }
    let removed = 0;
    let c = await tx.objectStore("check_ins").index("user_date").openCursor(IDBKeyRange.bound([userId, ""], [userId, "\uffff"]));
    while (c) {
      if (!queued.has(c.value.id)) {
        await deleteCheckInInTx(tx, c.value.id);
        removed += 1;
      }
      c = await c.continue();
    }
    await tx.objectStore("meta").put(state, feedStateKey(userId));
    return removed;
  });
}

/** Takes the server's `created_at` for rows it just stored (migration 012 stamps it), so both copies agree. */
export async function applyServerStamps(
  store: LocalStore,
  generation: Generation,
  stamps: { check_ins: readonly { id: string; created_at: string }[]; predictions: readonly { id: string; created_at: string }[] },
): Promise<void> {
  if (stamps.check_ins.length === 0 && stamps.predictions.length === 0) return;
  await writeTx(store, ["check_ins", "predictions"], generation, async (tx) => {
    for (const { id, created_at } of stamps.check_ins) {
      const row = await tx.objectStore("check_ins").get(id);
      const serverTime = new Date(created_at).toISOString();
      if (row && row.created_at !== serverTime) await tx.objectStore("check_ins").put({ ...row, created_at: serverTime });
    }
    for (const { id, created_at } of stamps.predictions) {
      const row = await tx.objectStore("predictions").get(id);
      const serverTime = new Date(created_at).toISOString();
      if (row && row.created_at !== serverTime) await tx.objectStore("predictions").put({ ...row, created_at: serverTime });
    }
  });
}
