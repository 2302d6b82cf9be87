"use client";

import { describePrediction, explainPrediction } from "@/lib/predictions/describe-prediction";
import type { PredictionOutcome } from "@/lib/predictions/run-predictions";
import { PREDICTION_TYPE_LABELS } from "@/lib/domain/prediction";
import { describeBaselines } from "@/lib/predictions/model-baselines";
import { BaselineLines } from "./baseline-lines";
import { QueryProvider } from "./query-provider";
import { WhyDisclosure } from "./why-disclosure";

/**
 * The five predictions of the check-in just saved, in plain language, each with one sentence on what it means and how
 * sure the model is; a failed model says so on its own line. Which model made which prediction is for the curious:
 * behind "Details".
 */
export function PredictionResults({ outcomes, elapsedMs, check = null }: { outcomes: PredictionOutcome[]; elapsedMs: number; check?: string | null }) {
  const made = outcomes.flatMap((o) => (o.ok ? [o] : []));
  // "Why?" reads through TanStack Query, which the home page loads only now, with this chunk (issue 20).
  return (
    <QueryProvider>
      <section aria-labelledby="predictions-heading" className="card">
        <h2 id="predictions-heading">What to expect</h2>
        {/* data-model-check: onnxruntime's check of predictions made while it started (pending, confirmed, replaced,
            unconfirmed), for tests and the curious; not shown: the numbers are exact either way. */}
        <ul className="prediction-list" data-testid="prediction-results" data-model-check={check ?? undefined}>
          {outcomes.map((o) =>
            o.ok ? (
              <li key={o.type} data-testid={`prediction-${o.type}`}>
                {describePrediction(o.prediction)}
                {o.personal && (
                  <span className="muted prediction-meaning" data-testid={`personal-${o.type}`}>
                    From your personal model: it beat the general model on your own recent days (see Models).
                  </span>
                )}
                <span className="muted prediction-meaning">{explainPrediction(o.prediction)}</span>
                <WhyDisclosure input={o.explainable && { id: o.prediction.id, prediction: o.prediction, ...o.explainable }} />
              </li>
            ) : (
              <li key={o.type} className="error-text" data-testid={`prediction-${o.type}`}>
                {PREDICTION_TYPE_LABELS[o.type]}: not available ({o.error})
              </li>
            ),
          )}
        </ul>
        <p className="muted">
          The bundled models are demonstrations trained on synthetic data (see docs/models.md), not medical advice.
        </p>
        <details className="prediction-details" data-testid="prediction-details">
          <summary>Details</summary>
          <ul>
            {made.map((o) => {
              const baselines = o.explainable && describeBaselines(o.explainable.entry);
              return (
                <li key={o.type} data-testid={`prediction-details-${o.type}`}>
                  {PREDICTION_TYPE_LABELS[o.type]}: {o.prediction.model_name} v{o.prediction.model_version}
                  {baselines && <BaselineLines text={baselines} />}
                </li>
              );
            })}
          </ul>
          <p data-testid="elapsed">
            Predicted in your browser in <span data-testid="elapsed-ms">{Math.round(elapsedMs)}</span> ms.
          </p>
        </details>
      </section>
    </QueryProvider>
  );
}
