import { infiniteQueryOptions } from "@tanstack/react-query";
import { checkInKeys } from "@/lib/data/check-ins/keys";
import { type HistoryCursor, listLocalCheckIns } from "@/lib/data/local/local-check-ins";
import { browserLocalStore } from "@/lib/data/local/local-db";

export const HISTORY_PAGE_SIZE = 20;

/**
 * Newest-first check-in history from the local store (both modes; works offline), keyset-paginated by (checkin_date, id).
 * In Supabase mode the sync engine's pull keeps the store in step with the server.
 */
export function checkInHistoryQueryOptions(userId: string, pageSize = HISTORY_PAGE_SIZE) {
  return infiniteQueryOptions({
    queryKey: checkInKeys.history(userId, pageSize),
    queryFn: ({ pageParam }) => listLocalCheckIns(browserLocalStore(), { userId, cursor: pageParam, pageSize }),
    initialPageParam: null as HistoryCursor | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
