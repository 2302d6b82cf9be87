import { queryOptions } from "@tanstack/react-query";
import { env } from "@/lib/env";
import { outboxKeys } from "@/lib/data/outbox/keys";
import { countPendingCheckIns } from "@/lib/data/outbox/outbox-store";

/** Check-ins waiting to reach Supabase (always 0 in local mode, where nothing needs sending). */
export function pendingCountQueryOptions() {
  return queryOptions({
    queryKey: outboxKeys.pendingCount(),
    queryFn: () => (env.mode === "supabase" ? countPendingCheckIns() : Promise.resolve(0)),
    staleTime: 0,
  });
}
