"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { queueQueryOptions } from "@/lib/data/sync/queue-query";
import { QueryProvider } from "./query-provider";
import { useCurrentUser } from "./use-current-user";
import { useSync } from "./sync-context";

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });

/** The sync engine's badges for the signed-in person (Supabase mode). */
export function SyncBadges() {
  return (
    <QueryProvider>
      <SyncBadgesContent />
    </QueryProvider>
  );
}

function SyncBadgesContent() {
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
