import { queryOptions } from "@tanstack/react-query";
import { getLocalCheckIn } from "@/lib/data/local/local-check-ins";
import { browserLocalStore } from "@/lib/data/local/local-db";
import { syncKeys } from "@/lib/data/sync/keys";
import { listQueue } from "@/lib/data/local/local-sync-queue";
import type { SyncQueueEntry } from "@/lib/data/local/sync-queue-entry";
import type { CheckIn } from "@/lib/domain/check-in";

export type QueueView = {
  /** Check-ins waiting to be sent. */
  pending: SyncQueueEntry[];
  /** Check-ins the server refused, with the check-in itself for the Needs attention list. */
  rejected: { entry: SyncQueueEntry; checkIn: CheckIn | null }[];
  /** Ids of every check-in not yet in Supabase (pending or refused), for History's marks. */
  unsent: Set<string>;
};

/** The current user's sync queue, from the local store. */
export function queueQueryOptions(userId: string) {
  return queryOptions({
    queryKey: syncKeys.queue(userId),
    queryFn: async (): Promise<QueueView> => {
      const store = browserLocalStore();
      const entries = await listQueue(store, userId);
      const rejectedEntries = entries.filter((e) => e.status === "rejected");
      return {
        pending: entries.filter((e) => e.status === "pending"),
        rejected: await Promise.all(rejectedEntries.map(async (entry) => ({ entry, checkIn: (await getLocalCheckIn(store, entry.checkin_id)) ?? null }))),
        unsent: new Set(entries.map((e) => e.checkin_id)),
      };
    },
    staleTime: 0,
  });
}
