import type { OutboxItem } from "@/lib/data/outbox/outbox-item";
import { getLocalDb } from "@/lib/data/local/local-db";

/** Adds a write to the durable outbox (IndexedDB), so a reload or a closed tab while offline loses nothing. */
export async function enqueueOutbox(item: OutboxItem): Promise<number> {
  const db = await getLocalDb();
  const { seq: _ignored, ...rest } = item;
  return db.add("outbox", rest as OutboxItem);
}

/** Everything waiting, oldest first. */
export async function listOutbox(): Promise<OutboxItem[]> {
  const db = await getLocalDb();
  return db.getAll("outbox");
}

/** How many check-ins are waiting to sync (what the badge shows). */
export async function countPendingCheckIns(): Promise<number> {
  const items = await listOutbox();
  return items.filter((i) => i.kind === "check_in").length;
}

export async function removeOutboxItem(seq: number): Promise<void> {
  const db = await getLocalDb();
  await db.delete("outbox", seq);
}

export async function markOutboxItemFailed(seq: number, message: string): Promise<void> {
  const db = await getLocalDb();
  const tx = db.transaction("outbox", "readwrite");
  const item = await tx.store.get(seq);
  if (item) await tx.store.put({ ...item, lastError: message });
  await tx.done;
}
