import type { Metadata } from "next";
import { HistoryView } from "./_components/history-view";

export const metadata: Metadata = { title: "History · Check-in" };

export default function HistoryPage() {
  return (
    <section>
      <h1>History</h1>
      <HistoryView />
    </section>
  );
}
