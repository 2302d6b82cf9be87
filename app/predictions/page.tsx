import type { Metadata } from "next";
import { PredictionsView } from "./_components/predictions-view";

export const metadata: Metadata = { title: "Predictions · Check-in" };

export default function PredictionsPage() {
  return (
    <section>
      <h1>Predictions</h1>
      <PredictionsView />
    </section>
  );
}
