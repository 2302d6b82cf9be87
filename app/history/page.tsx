import type { Metadata } from "next";
import { HistoryView } from "./_components/history-view";
import { QueryProvider } from "../_components/query-provider";

export const metadata: Metadata = { title: "History · Check-in" };

export default function HistoryPage() {
  return (
    <section>
      <h1>History</h1>
      <QueryProvider>
        <HistoryView />
      </QueryProvider>
    </section>
  );
}
