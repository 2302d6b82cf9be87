import type { ChangeBus } from "@/lib/data/local/data-changes";
import type { LocalStore } from "@/lib/data/local/local-db";
import { wipeUserData } from "@/lib/data/local/local-wipe";

/**
 * Delete my data in local mode: this user's rows leave this browser (raising the generation, so a save still running
 * its models stores nothing afterwards). Supabase mode goes through the sync engine (SyncEngine.deleteMyData), which
 * deletes on the server first.
 */
export async function deleteLocalModeData(store: LocalStore, bus: ChangeBus, userId: string): Promise<void> {
  await wipeUserData(store, userId, { keepQueued: false });
  bus.notify("rows");
  bus.notify("queue");
}
