"use client";

import { useQuery } from "@tanstack/react-query";
import { pendingCountQueryOptions } from "@/lib/data/outbox/pending-count-query";
import { useOnline } from "./use-online";

/** "Offline" while the browser has no network, and how many check-ins still wait to reach Supabase. */
export function ConnectionBadge() {
  const online = useOnline();
  const { data: pending = 0 } = useQuery(pendingCountQueryOptions());
  return (
    <span className="connection" aria-live="polite">
      {!online && (
        <span className="badge badge-offline" data-testid="offline-badge">
          Offline
        </span>
      )}
      {pending > 0 && (
        <span className="badge badge-pending" data-testid="pending-badge">
          {pending} waiting to sync
        </span>
      )}
    </span>
  );
}
