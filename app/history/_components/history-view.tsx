"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { env } from "@/lib/env";
import { checkInHistoryQueryOptions } from "@/lib/data/check-ins/history-query";
import { queueQueryOptions } from "@/lib/data/sync/queue-query";
import { trackRecordQueryOptions } from "@/lib/data/predictions/track-record-query";
import { SignedOutNotice } from "../../_components/signed-out-notice";
import { useCurrentUser } from "../../_components/use-current-user";
import { CheckInList } from "./check-in-list";
import { NeedsAttention } from "./needs-attention";
import { entriesByOutcome } from "./predicted-vs-entered";

// recharts is the biggest dependency of this page: load it after the list, without server rendering (it measures the DOM).
const TrendChart = dynamic(() => import("./trend-chart"), {
  ssr: false,
  loading: () => <div className="chart-placeholder" aria-hidden />,
});

export function HistoryView() {
  const { user, error: userError } = useCurrentUser();
  if (userError) return <p role="alert" className="error-text">{userError.message}</p>;
  if (user === undefined) return <p role="status">Loading…</p>;
  if (user === null) return <SignedOutNotice />;
  return <History userId={user.userId} />;
}

function History({ userId }: { userId: string }) {
  const query = useInfiniteQuery(checkInHistoryQueryOptions(userId));
  const queue = useQuery({ ...queueQueryOptions(userId), enabled: env.mode === "supabase" });
  const oldest = query.data?.pages.at(-1)?.items.at(-1)?.checkin_date ?? null;
  // Keyed by the oldest loaded row: "Load more" reads further back, showing the rows already scored meanwhile.
  const track = useQuery({ ...trackRecordQueryOptions(userId, oldest), enabled: oldest !== null, placeholderData: keepPreviousData });
  if (query.isPending) return <p role="status">Loading your check-ins…</p>;
  if (query.isError) return <p role="alert" className="error-text">Could not load your history: {query.error.message}</p>;
  const items = query.data.pages.flatMap((p) => p.items);
  const rejected = queue.data?.rejected ?? [];
  const syncMarks =
    env.mode === "supabase" && queue.data
      ? { unsent: queue.data.unsent, rejected: new Set(rejected.map((r) => r.entry.checkin_id)) }
      : null;
  return (
    <>
      {rejected.length > 0 && <NeedsAttention items={rejected} />}
      {track.isError && <p role="alert" className="error-text">Could not compare predictions with your check-ins: {track.error.message}</p>}
      {items.length === 0 ? (
        <p className="notice">No check-ins yet. Your first one starts the chart.</p>
      ) : (
        <>
          <section aria-labelledby="trend-heading" className="card">
            <h2 id="trend-heading">Trends</h2>
            <TrendChart checkIns={items} />
          </section>
          <CheckInList items={items} syncMarks={syncMarks} predictedFor={track.data ? entriesByOutcome(track.data.entries) : undefined} />
          {query.hasNextPage && (
            <button type="button" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
              {query.isFetchingNextPage ? "Loading…" : "Load more"}
            </button>
          )}
        </>
      )}
    </>
  );
}
