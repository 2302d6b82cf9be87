"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { ModelEntry } from "@/lib/models/manifest-schema";
import { predictionsByTypeQueryOptions } from "@/lib/data/predictions/by-type-query";
import { describePrediction, explainPrediction } from "@/lib/predictions/describe-prediction";
import { describeBaselines } from "@/lib/predictions/model-baselines";
import { isPredictionType, PREDICTION_TYPE_LABELS, PREDICTION_TYPES, type PredictionType } from "@/lib/domain/prediction";
import { BaselineLines } from "../../_components/baseline-lines";
import { SignedOutNotice } from "../../_components/signed-out-notice";
import { useCurrentUser } from "../../_components/use-current-user";
import { PersonalRecord } from "./personal-record";
import { TrackRecordCards } from "./track-record-cards";
import { useSavedModels } from "./use-saved-models";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function PredictionsView() {
  const { user, error } = useCurrentUser();
  const [type, setType] = useState<PredictionType>("mood_tomorrow");
  const models = useSavedModels();
  if (error) return <p role="alert" className="error-text">{error.message}</p>;
  if (user === undefined) return <p role="status">Loading…</p>;
  if (user === null) return <SignedOutNotice />;
  return (
    <>
      <TrackRecordCards userId={user.userId} models={models} />
      <PersonalRecord userId={user.userId} />
      <div className="field">
        <label htmlFor="prediction-type">Prediction type</label>
        <select id="prediction-type" value={type} onChange={(e) => isPredictionType(e.target.value) && setType(e.target.value)}>
          {PREDICTION_TYPES.map((t) => (
            <option key={t} value={t}>{PREDICTION_TYPE_LABELS[t]}</option>
          ))}
        </select>
      </div>
      <PredictionList userId={user.userId} type={type} models={models} />
    </>
  );
}

// The models' test-data records come from the last manifest this browser validated (kept for offline starts); a
// prediction made by a model no longer in it shows no comparison rather than another model's.
function PredictionList({ userId, type, models }: { userId: string; type: PredictionType; models: ModelEntry[] }) {
  const query = useQuery(predictionsByTypeQueryOptions(userId, type));
  if (query.isPending) return <p role="status">Loading predictions…</p>;
  if (query.isError) return <p role="alert" className="error-text">Could not load predictions: {query.error.message}</p>;
  if (query.data.length === 0) return <p className="notice">No {PREDICTION_TYPE_LABELS[type].toLowerCase()} predictions yet.</p>;
  return (
    <ol className="history-list" aria-label={`${PREDICTION_TYPE_LABELS[type]} predictions, newest first`}>
      {query.data.map((p) => {
        const entry = models.find((m) => m.name === p.model_name && m.version === p.model_version);
        const baselines = entry && describeBaselines(entry);
        return (
          <li key={p.id} className="card history-item" data-testid="prediction-item">
            <time dateTime={p.created_at}>{dateFormat.format(new Date(p.created_at))}</time>
            <span>{describePrediction(p)}</span>
            <span className="muted prediction-meaning">{explainPrediction(p)}</span>
            <details className="prediction-details">
              <summary>Details</summary>
              <p>
                Made by {p.model_name} v{p.model_version}.{baselines && <BaselineLines text={baselines} />}
              </p>
            </details>
          </li>
        );
      })}
    </ol>
  );
}
