import { bumpGenerationInTx, type Generation } from "@/lib/data/local/generation";
import type { LocalStore } from "@/lib/data/local/local-db";
import { writeTx, type WriteTx } from "@/lib/data/local/write-tx";
import { personalOffKey } from "@/lib/personal/store/personal-models-store";

type WipeTx = WriteTx<["check_ins", "predictions", "sync_queue", "personal_models"]>;
const WIPE_STORES: ["check_ins", "predictions", "sync_queue", "personal_models"] = ["check_ins", "predictions", "sync_queue", "personal_models"];

/**
 * Deletes a user's rows from this browser and raises the generation in the same transaction, so that no save, pull
 * or push that began before lands after it. `keepQueued` keeps the check-ins (and their predictions) that have not
 * reached Supabase yet, with their queue entries, for the person's next sign-in on this device. `meta` writes (the
 * account) happen in the same transaction. The person's personal models (and their switch) always go: they are made
 * from the person's data on this device, and are rebuilt from it after the next sign-in.
 */
export async function wipeUserData(
  store: LocalStore,
  userId: string,
  options: { keepQueued: boolean; meta?: Record<string, unknown | undefined> },
): Promise<Generation> {
  return writeTx(store, WIPE_STORES, null, async (tx) => {
    const generation = await bumpGenerationInTx(tx.objectStore("meta"));
    await deleteUserRowsInTx(tx, userId, options.keepQueued);
    await deletePersonalInTx(tx, userId);
    await tx.objectStore("meta").delete(feedStateKey(userId));
    await writeMetaInTx(tx, options.meta);
    return generation;
  });
}

/**
 * An account switch: every other person's synced rows leave the device (their unsent check-ins stay queued under their
 * own id, never shown or sent under the new account), the generation rises, and `meta` (the new account) is written.
 */
export async function wipeOtherUsers(store: LocalStore, keepUserId: string, meta: Record<string, unknown | undefined>): Promise<Generation> {
  return writeTx(store, WIPE_STORES, null, async (tx) => {
    const generation = await bumpGenerationInTx(tx.objectStore("meta"));
    const others = new Set<string>();
    let c = await tx.objectStore("check_ins").openCursor();
    while (c) {
      if (c.value.user_id !== keepUserId) others.add(c.value.user_id);
      c = await c.continue();
    }
    // A personal model may outlive its owner's rows (all sent and pulled away): look for owners there too.
    for (const key of await tx.objectStore("personal_models").getAllKeys()) if (key[0] !== keepUserId) others.add(key[0]);
    for (const userId of others) {
      await deleteUserRowsInTx(tx, userId, true);
      await deletePersonalInTx(tx, userId);
      await tx.objectStore("meta").delete(feedStateKey(userId));
    }
    await writeMetaInTx(tx, meta);
    return generation;
  });
}

async function writeMetaInTx(tx: WipeTx, meta: Record<string, unknown | undefined> | undefined): Promise<void> {
  for (const [key, value] of Object.entries(meta ?? {})) {
    if (value === undefined) await tx.objectStore("meta").delete(key);
    else await tx.objectStore("meta").put(value, key);
  }
}

/** A person's personal models and their on/off switch (lib/personal/store/personal-models-store.ts). */
async function deletePersonalInTx(tx: WipeTx, userId: string): Promise<void> {
  await tx.objectStore("personal_models").delete(IDBKeyRange.bound([userId, ""], [userId, "\uffff"]));
  await tx.objectStore("meta").delete(personalOffKey(userId));
}

async function deleteUserRowsInTx(tx: WipeTx, userId: string, keepQueued: boolean): Promise<void> {
  const queued = new Set<string>();
  let q = await tx.objectStore("sync_queue").index("user_queued").openCursor(IDBKeyRange.bound([userId, ""], [userId, "\uffff"]));
  while (q) {
    if (keepQueued) queued.add(q.value.checkin_id);
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
}

/** Removes one check-in, its predictions and its queue entry (Needs attention → Discard). */
export async function deleteLocalCheckIn(store: LocalStore, checkinId: string): Promise<void> {
  await writeTx(store, WIPE_STORES, null, (tx) => deleteCheckInInTx(tx, checkinId));
}

export async function deleteCheckInInTx(tx: WipeTx, checkinId: string): Promise<void> {
  await tx.objectStore("check_ins").delete(checkinId);
  let p = await tx.objectStore("predictions").index("checkin").openCursor(checkinId);
  while (p) {
    await p.delete();
    p = await p.continue();
  }
  await tx.objectStore("sync_queue").delete(checkinId);
}

/** The meta key of a user's position in the server's change feed (lib/data/sync/pull.ts). */
export function feedStateKey(userId: string): string {
  return `feed:${userId}`;
}
