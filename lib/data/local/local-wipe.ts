import { getLocalDb } from "@/lib/data/local/local-db";

/**
 * Deletes a user's rows from this browser. `keepQueued` keeps the check-ins (and their predictions) that have not
 * reached Supabase yet, with their queue entries, for the person's next sign-in on this device.
 */
export async function deleteLocalUserData(userId: string, options: { keepQueued: boolean }): Promise<void> {
  const db = await getLocalDb();
  const tx = db.transaction(["check_ins", "predictions", "sync_queue", "meta"], "readwrite");
  const queued = new Set<string>();
  let q = await tx.objectStore("sync_queue").index("user_queued").openCursor(IDBKeyRange.bound([userId, ""], [userId, "\uffff"]));
  while (q) {
    if (options.keepQueued) queued.add(q.value.checkin_id);
    else await q.delete();
    q = await q.continue();
  }
  let c = await tx.objectStore("check_ins").index("user_date").openCursor(IDBKeyRange.bound([userId, ""], [userId, "\uffff"]));
  while (c) {
    if (!queued.has(c.value.id)) await c.delete();
    c = await c.continue();
  }
  let p = await tx
    .objectStore("predictions")
    .index("user_type_created")
    .openCursor(IDBKeyRange.bound([userId, "", ""], [userId, "\uffff", "\uffff"]));
  while (p) {
    if (!queued.has(p.value.checkin_id)) await p.delete();
    p = await p.continue();
  }
  await tx.objectStore("meta").delete(pullStateKey(userId));
  await tx.done;
}

/** Removes one check-in, its predictions and its queue entry (Needs attention → Discard, or gone from the server). */
export async function deleteLocalCheckIn(checkinId: string): Promise<void> {
  const db = await getLocalDb();
  const tx = db.transaction(["check_ins", "predictions", "sync_queue"], "readwrite");
  await tx.objectStore("check_ins").delete(checkinId);
  let p = await tx.objectStore("predictions").index("checkin").openCursor(checkinId);
  while (p) {
    await p.delete();
    p = await p.continue();
  }
  await tx.objectStore("sync_queue").delete(checkinId);
  await tx.done;
}

/** The meta key of a user's pull position (lib/data/sync/pull.ts). */
export function pullStateKey(userId: string): string {
  return `pull:${userId}`;
}
