"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { checkInHistoryQueryOptions } from "@/lib/data/check-ins/history-query";
import { SignedOutNotice } from "../../_components/signed-out-notice";
import { useCurrentUser } from "../../_components/use-current-user";
import { CheckInList } from "./check-in-list";

// recharts is the biggest dependency of this page: load it after the list, without server rendering (it measures the DOM).
const TrendChart = dynamic(() => import("./trend-chart"), {
  ssr: false,
  loading: () => <div className="chart-placeholder" aria-hidden />,
});

export function HistoryView() {
  const { userId, error: userError } = useCurrentUser();
  if (userError) return <p role="alert" className="error-text">{userError.message}</p>;
  if (userId === undefined) return <p role="status">Loading…</p>;
  if (userId === null) return <SignedOutNotice />;
  return <History userId={userId} />;
}

function History({ userId }: { userId: string }) {
  const query = useInfiniteQuery(checkInHistoryQueryOptions(userId));
  if (query.isPending) return <p role="status">Loading your check-ins…</p>;
  if (query.isError) return <p role="alert" className="error-text">Could not load your history: {query.error.message}</p>;
  const items = query.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <p className="notice">No check-ins yet. Your first one starts the chart.</p>;
  return (
    <>
      <section aria-labelledby="trend-heading" className="card">
        <h2 id="trend-heading">Trends</h2>
        <TrendChart checkIns={items} />
      </section>
      <CheckInList items={items} />
      {query.hasNextPage && (
        <button type="button" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      )}
    </>
  );
}
