"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { env } from "@/lib/env";
import { queueQueryOptions } from "@/lib/data/sync/queue-query";
import { useCurrentUser } from "./use-current-user";
import { useOnline } from "./use-online";
import { useSync } from "./sync-context";

/**
 * "Offline" while the browser has no network; in Supabase mode also how many of this person's check-ins wait to
 * reach Supabase, how many it refused (Needs attention), and a first sign-in's pull progress.
 */
export function ConnectionBadge() {
  const online = useOnline();
  return (
    <span className="connection" aria-live="polite">
      {!online && (
        <span className="badge badge-offline" data-testid="offline-badge">
          Offline
        </span>
      )}
      {env.mode === "supabase" && <SyncBadges />}
    </span>
  );
}

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });

function SyncBadges() {
  const { user } = useCurrentUser();
  const { status } = useSync();
  const { data: queue } = useQuery({ ...queueQueryOptions(user?.userId ?? ""), enabled: Boolean(user) });
  if (!user) return null;
  const pending = queue?.pending.length ?? 0;
  const rejected = queue?.rejected.length ?? 0;
  return (
    <>
      {pending > 0 && (
        <span className="badge badge-pending" data-testid="pending-badge" title={status?.message ?? undefined}>
          {pending} waiting to sync
        </span>
      )}
      {rejected > 0 && (
        <Link href="/history#needs-attention" className="badge badge-attention" data-testid="attention-badge">
          {rejected} {rejected === 1 ? "needs" : "need"} attention
        </Link>
      )}
      {user.status === "needs-sign-in" && (
        <Link href="/sign-in" className="badge badge-attention" data-testid="sign-in-again-badge">
          Sign in again to sync
        </Link>
      )}
      {status?.phase === "waiting" && status.retryAt !== null && (
        <span className="badge badge-pending" data-testid="retry-badge" title={status.message ?? undefined}>
          Retrying at {timeFormat.format(new Date(status.retryAt))}
        </span>
      )}
      {status?.phase === "problem" && (
        <span role="alert" className="badge badge-attention" data-testid="sync-problem">
          {status.message}
        </span>
      )}
      {status?.pull && (
        <span className="badge badge-pending" data-testid="pull-progress">
          Loading your history… {Math.floor((100 * status.pull.done) / Math.max(1, status.pull.total))}%
        </span>
      )}
    </>
  );
}
