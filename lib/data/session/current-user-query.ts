import { queryOptions } from "@tanstack/react-query";
import { sessionKeys } from "@/lib/data/session/keys";
import { getDataSource } from "@/lib/data/source/get-data-source";

/** The current user id (local: this browser's id; Supabase: the signed-in user, or null). */
export function currentUserQueryOptions() {
  return queryOptions({
    queryKey: sessionKeys.currentUser(),
    queryFn: async () => (await getDataSource()).currentUserId(),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
