import type { QueryClient } from "@tanstack/react-query";
import { checkInKeys } from "@/lib/data/check-ins/keys";
import type { DataChange } from "@/lib/data/local/data-changes";
import { predictionKeys } from "@/lib/data/predictions/keys";
import { syncKeys } from "@/lib/data/sync/keys";

/**
 * The one place that knows which queries a change of the local store makes stale, built from the key factories.
 * `userId` null (a message from another tab, whose user this tab may not know): every user's queries of that kind.
 */
export async function invalidateFor(queryClient: QueryClient, change: DataChange, userId: string | null): Promise<void> {
  if (change === "account") {
    // Someone else may be signed in now: every query is keyed by user, refetch all of them.
    await queryClient.invalidateQueries();
    return;
  }
  const keys =
    userId === null
      ? change === "rows"
        ? [["check-ins"], ["predictions"]]
        : [["sync"], ["check-ins"], ["predictions"]]
      : change === "rows"
        ? [checkInKeys.all(userId), predictionKeys.all(userId)]
        : [syncKeys.all(userId), checkInKeys.all(userId), predictionKeys.all(userId)];
  await Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}
