import { getLocalCheckIn } from "@/lib/data/local/local-check-ins";
import { listPredictionsOfCheckIn } from "@/lib/data/local/local-predictions";
import { deleteLocalCheckIn } from "@/lib/data/local/local-wipe";
import { notifyDataChanged } from "@/lib/data/local/data-changes";
import { getQueueEntry, retryEntry } from "@/lib/data/local/local-sync-queue";

/** Needs attention → Retry: the entry goes back to the end of the queue and the engine sends it. */
export async function retryRejected(checkinId: string): Promise<void> {
  await retryEntry(checkinId);
  notifyDataChanged("queue");
}

/** Needs attention → Discard: the check-in, its predictions and its entry leave this device. */
export async function discardRejected(checkinId: string): Promise<void> {
  await deleteLocalCheckIn(checkinId);
  notifyDataChanged("queue");
  notifyDataChanged("rows");
}

/** Needs attention → Download: the refused check-in, its predictions and the server's reason, as JSON. */
export async function rejectedItemJson(checkinId: string): Promise<string> {
  const [entry, checkIn, predictions] = await Promise.all([
    getQueueEntry(checkinId),
    getLocalCheckIn(checkinId),
    listPredictionsOfCheckIn(checkinId),
  ]);
  return JSON.stringify({ check_in: checkIn ?? null, predictions, refused: entry?.rejection ?? null }, null, 2);
}
