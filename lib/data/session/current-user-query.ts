import { queryOptions } from "@tanstack/react-query";
import { getCurrentUser } from "@/lib/data/session/current-user";
import { sessionKeys } from "@/lib/data/session/keys";

/** The current user (local: this browser's id; Supabase: the account signed in on this device, or null). */
export function currentUserQueryOptions() {
  return queryOptions({
    queryKey: sessionKeys.currentUser(),
    queryFn: () => getCurrentUser(),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
