import type { CheckIn } from "@/lib/domain/check-in";
import type { Prediction } from "@/lib/domain/prediction";
import type { Generation } from "@/lib/data/local/generation";
import type { LocalStore } from "@/lib/data/local/local-db";
import { applyServerStamps } from "@/lib/data/local/local-feed";
import { completeEntries, listQueue, recordTransientFailure, rejectEntry } from "@/lib/data/local/local-sync-queue";
import type { SyncQueueEntry } from "@/lib/data/local/sync-queue-entry";
import { SupabaseSyncError } from "@/lib/data/sync/classify-failure";
import type { RestTransport } from "@/lib/data/sync/rest";
import { pushChanges } from "@/lib/data/sync/server-api";

/** Check-ins per push_changes call: with five predictions each, ~300 rows and ~100 KB at most per request. */
export const PUSH_BATCH_SIZE = 50;

export type PushResult =
  /** Every pending entry of the user was sent or set aside. */
  | { outcome: "done"; sent: number; rejected: number }
  /** Stopped at a network/server failure: retry the queue later. */
  | { outcome: "transient"; sent: number; rejected: number; message: string }
  /** The access token was refused: refresh once, then push again. */
  | { outcome: "auth"; sent: number; rejected: number; message: string }
  /** The server's epoch is not the one this device knows: the person deleted their data elsewhere. Pull first. */
  | { outcome: "epoch"; sent: number; rejected: number };

type Item = { entry: SyncQueueEntry; checkIn: CheckIn | null; predictions: Prediction[] };

type PushParams = { store: LocalStore; transport: RestTransport; token: string; userId: string; epoch: number; generation: Generation; signal?: AbortSignal };

/**
 * Sends a user's pending queue entries, oldest first, in batches (one push_changes call each: one transaction on the
 * server). The queue is read once — linear in its length; entries saved meanwhile are sent by the next run, which the
 * save asks for. A batch the server refuses is split in halves until the refused entry is alone; that entry goes to
 * Needs attention and the rest goes on. A network or server failure stops the push (the entries behind it would fail
 * the same way).
 */
export async function pushQueue(p: PushParams): Promise<PushResult> {
  const pending = (await listQueue(p.store, p.userId)).filter((e) => e.status === "pending");
  const tally = { sent: 0, rejected: 0 };
  for (let i = 0; i < pending.length; i += PUSH_BATCH_SIZE) {
    const items = await loadItems(p.store, pending.slice(i, i + PUSH_BATCH_SIZE));
    const stop = await send(p, items, tally);
    if (stop) return stop;
  }
  return { outcome: "done", ...tally };
}

async function send(p: PushParams, items: Item[], tally: { sent: number; rejected: number }): Promise<PushResult | null> {
  if (items.length === 0) return null;
  try {
    const answer = await pushChanges(
      p.transport,
      p.token,
      p.epoch,
      items.flatMap((i) => (i.checkIn ? [i.checkIn] : [])),
      items.flatMap((i) => i.predictions),
      p.signal,
    );
    await applyServerStamps(p.store, p.generation, answer);
    await completeEntries(p.store, p.generation, items.map((i) => ({ checkin_id: i.entry.checkin_id, version: i.entry.version })));
    tally.sent += items.length;
    return null;
  } catch (error) {
    if (!(error instanceof SupabaseSyncError)) throw error;
    const { failure } = error;
    if (failure.code === "SY409") return { outcome: "epoch", ...tally };
    if (failure.kind === "auth") return { outcome: "auth", ...tally, message: error.message };
    if (failure.kind === "transient") {
      await recordTransientFailure(p.store, p.generation, items[0]!.entry.checkin_id, error.message);
      return { outcome: "transient", ...tally, message: error.message };
    }
    if (items.length > 1) {
      // One transaction per call: a single refused row refused them all. Find it by halves (log2(50) ≈ 6 calls).
      const half = Math.ceil(items.length / 2);
      return (await send(p, items.slice(0, half), tally)) ?? (await send(p, items.slice(half), tally));
    }
    const { entry } = items[0]!;
    await rejectEntry(p.store, p.generation, entry.checkin_id, { status: failure.status, code: failure.code, reason: failure.message, at: new Date().toISOString() });
    tally.rejected += 1;
    return null;
  }
}

/** The check-ins and predictions of some entries, in one read transaction. */
async function loadItems(store: LocalStore, entries: readonly SyncQueueEntry[]): Promise<Item[]> {
  const db = await store.db();
  const tx = db.transaction(["check_ins", "predictions"]);
  const items = await Promise.all(
    entries.map(async (entry) => ({
      entry,
      // null: a version-1 outbox entry whose check-in had already been sent carries only predictions.
      checkIn: (await tx.objectStore("check_ins").get(entry.checkin_id)) ?? null,
      predictions: await tx.objectStore("predictions").index("checkin").getAll(entry.checkin_id),
    })),
  );
  await tx.done;
  return items;
}
