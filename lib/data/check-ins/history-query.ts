import { infiniteQueryOptions } from "@tanstack/react-query";
import { checkInKeys } from "@/lib/data/check-ins/keys";
import { listLocalCheckIns } from "@/lib/data/local/local-check-ins";

export const HISTORY_PAGE_SIZE = 20;

/**
 * Newest-first check-in history from the local store (both modes; works offline), keyset-paginated by checkin_date.
 * In Supabase mode the sync engine's pull keeps the store in step with the server.
 */
export function checkInHistoryQueryOptions(userId: string, pageSize = HISTORY_PAGE_SIZE) {
  return infiniteQueryOptions({
    queryKey: checkInKeys.history(userId, pageSize),
    queryFn: ({ pageParam }) => listLocalCheckIns({ userId, cursor: pageParam, pageSize }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
