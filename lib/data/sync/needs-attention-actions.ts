import type { ChangeBus } from "@/lib/data/local/data-changes";
import type { LocalStore } from "@/lib/data/local/local-db";
import { getLocalCheckIn } from "@/lib/data/local/local-check-ins";
import { listPredictionsOfCheckIn } from "@/lib/data/local/local-predictions";
import { getQueueEntry, retryEntry } from "@/lib/data/local/local-sync-queue";
import { deleteLocalCheckIn } from "@/lib/data/local/local-wipe";

/** Needs attention → Retry: the entry goes back to the queue and the engine sends it. */
export async function retryRejected(store: LocalStore, bus: ChangeBus, checkinId: string): Promise<void> {
  await retryEntry(store, checkinId);
  bus.notify("queue");
}

/** Needs attention → Discard: the check-in, its predictions and its entry leave this device. */
export async function discardRejected(store: LocalStore, bus: ChangeBus, checkinId: string): Promise<void> {
  await deleteLocalCheckIn(store, checkinId);
  bus.notify("queue");
  bus.notify("rows");
}

/** Needs attention → Download: the refused check-in, its predictions and the server's reason, as JSON. */
export async function rejectedItemJson(store: LocalStore, checkinId: string): Promise<string> {
  const [entry, checkIn, predictions] = await Promise.all([
    getQueueEntry(store, checkinId),
    getLocalCheckIn(store, checkinId),
    listPredictionsOfCheckIn(store, checkinId),
  ]);
  return JSON.stringify({ check_in: checkIn ?? null, predictions, refused: entry?.rejection ?? null }, null, 2);
}
