import { PREDICTION_TYPE_LABELS } from "@/lib/domain/prediction";
import { describePrediction } from "@/lib/predictions/describe-prediction";
import type { PredictionOutcome } from "@/lib/predictions/run-predictions";

/**
 * The predictions as one sentence for screen readers, inside the form's live region: said once when they arrive, in
 * the same words as the list on screen. Hidden from view, because the list right below shows the same.
 */
export function ResultsAnnouncement({ outcomes }: { outcomes: PredictionOutcome[] }) {
  const sentences = outcomes.map((o) => (o.ok ? describePrediction(o.prediction) : `${PREDICTION_TYPE_LABELS[o.type]}: not available`));
  return <p className="visually-hidden">What to expect: {sentences.join(". ")}.</p>;
}
