import type { QueryClient, QueryKey } from "@tanstack/react-query";
import { checkInKeys } from "@/lib/data/check-ins/keys";
import type { DataChange } from "@/lib/data/local/data-changes";
import { predictionKeys } from "@/lib/data/predictions/keys";
import { syncKeys } from "@/lib/data/sync/keys";

/**
 * Which queries read what a change touched, per user (every key of user data starts with the user id):
 * - rows: a check-in or prediction was saved, pulled, deleted → history, charts, track record.
 * - queue: an entry was queued, sent or refused → the queue (badges, Needs attention) and history, which marks what
 *   has not reached the server.
 */
const KEYS_OF: Record<Exclude<DataChange, "account">, (userId: string) => QueryKey[]> = {
  rows: (userId) => [checkInKeys.all(userId), predictionKeys.all(userId)],
  queue: (userId) => [syncKeys.all(userId), checkInKeys.all(userId)],
};

/**
 * The one place that decides which queries a data change makes stale; every writer (the save, the sync engine, the
 * listener for other tabs) calls this instead of naming keys. An account change, or a change whose user is not known
 * (`userId` null), refetches every query: someone else may be signed in now. Resolves when the active ones have
 * refetched.
 */
export async function invalidateFor(queryClient: QueryClient, change: DataChange, userId: string | null): Promise<void> {
  if (change === "account" || userId === null) return queryClient.invalidateQueries();
  await Promise.all(KEYS_OF[change](userId).map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}
