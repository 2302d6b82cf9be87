"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { ModelEntry } from "@/lib/models/manifest-schema";
import { trackRecordQueryOptions } from "@/lib/data/predictions/track-record-query";
import { PREDICTION_TYPE_LABELS } from "@/lib/domain/prediction";
import { trainingBaseRates } from "@/lib/predictions/model-baselines";
import { summarizeTrackRecord, TRACK_MIN_DAYS, TRACK_WINDOW_DAYS } from "@/lib/predictions/track-record-summary";
import { describeTrackSummary } from "@/lib/predictions/track-record-text";
import styles from "./track-record-cards.module.css";

/** "How right were they?": one card per model, over the last 30 days, from the local store. */
export function TrackRecordCards({ userId, models }: { userId: string; models: ModelEntry[] }) {
  const query = useQuery(trackRecordQueryOptions(userId, null));
  // The base rates (how often a dip came in training) from the last manifest this browser validated (useSavedModels);
  // none before the models were ever loaded here, and the cards then leave the base rate out.
  const baseRates = useMemo(() => trainingBaseRates(models), [models]);
  return (
    <section aria-labelledby="track-heading" className="card" data-testid="track-record">
      <h2 id="track-heading">How right were they?</h2>
      <p className="muted">
        Each prediction compared with what you entered the next day, over the last {TRACK_WINDOW_DAYS} days, and with
        what simply assuming tomorrow is like today would have scored on the same days.
      </p>
      {query.isPending && <p role="status">Comparing predictions with your check-ins…</p>}
      {query.isError && <p role="alert" className="error-text">Could not compare predictions with your check-ins: {query.error.message}</p>}
      {query.data && (
        <ul className={styles.cards} aria-label="Track record per model">
          {summarizeTrackRecord(query.data.entries, query.data.today, { baseRates }).map((s) => {
            const text = describeTrackSummary(s, TRACK_MIN_DAYS);
            return (
              <li key={s.type} data-testid={`track-card-${s.type}`}>
                <h3>{PREDICTION_TYPE_LABELS[s.type]}</h3>
                <p data-testid="track-headline">{text.headline}</p>
                {text.skill && <p data-testid="track-skill">{text.skill}</p>}
                {text.verdict && (
                  <p data-testid="track-verdict">
                    <strong>{text.verdict}</strong>
                  </p>
                )}
                {text.detail && <p className="muted">{text.detail}</p>}
                {s.models.length > 0 && <p className="muted">{s.models.join(", ")}</p>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
