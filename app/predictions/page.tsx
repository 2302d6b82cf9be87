import type { Metadata } from "next";
import { PredictionsView } from "./_components/predictions-view";
import { QueryProvider } from "../_components/query-provider";

export const metadata: Metadata = { title: "Predictions · Check-in" };

export default function PredictionsPage() {
  return (
    <section>
      <h1>Predictions</h1>
      <QueryProvider>
        <PredictionsView />
      </QueryProvider>
    </section>
  );
}
