import { infiniteQueryOptions } from "@tanstack/react-query";
import { checkInKeys } from "@/lib/data/check-ins/keys";
import { getDataSource } from "@/lib/data/source/get-data-source";

export const HISTORY_PAGE_SIZE = 20;

/** Newest-first check-in history with keyset pagination (cursor = checkin_date of the last item). */
export function checkInHistoryQueryOptions(userId: string, pageSize = HISTORY_PAGE_SIZE) {
  return infiniteQueryOptions({
    queryKey: checkInKeys.history(userId, pageSize),
    queryFn: async ({ pageParam, signal }) => {
      const source = await getDataSource();
      return source.checkInHistory({ userId, cursor: pageParam, pageSize, signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
