"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useSyncExternalStore } from "react";
import { PREDICTION_TYPE_LABELS } from "@/lib/domain/prediction";
import { trainingActivity } from "@/lib/personal/train/training-activity";
import { schedulePersonalTraining } from "@/lib/personal/train/schedule-training";
import { MIN_SCORED_DAYS, PERSONAL_TYPES } from "@/lib/personal/types";
import { heldOutText, personalStatusText, statusOf } from "@/lib/personal/use/describe-personal";
import { personalKeys } from "@/lib/personal/use/keys";
import { personalModelsQueryOptions } from "@/lib/personal/use/personal-query";
import { setPersonalOffMutationOptions } from "@/lib/personal/use/set-personal-off-mutation";
import { useCurrentUser } from "../../_components/use-current-user";

/**
 * Personal models: per type, whether the person has one, whether its gate chose it, and the held-out comparison that
 * decided it; and the switch that turns them off. Opening this page also brings them up to date (at idle, in a worker).
 */
export function PersonalModels() {
  const { user } = useCurrentUser();
  if (!user) return null;
  return <PersonalModelsOf userId={user.userId} />;
}

function PersonalModelsOf({ userId }: { userId: string }) {
  const queryClient = useQueryClient();
  const query = useQuery(personalModelsQueryOptions(userId));
  const toggle = useMutation(setPersonalOffMutationOptions(queryClient, userId));
  const activity = useSyncExternalStore(trainingActivity.subscribe, trainingActivity.get, trainingActivity.get);

  useEffect(() => schedulePersonalTraining(userId), [userId]);
  // A run finished: what it stored is shown.
  useEffect(() => {
    if (activity.runs > 0) void queryClient.invalidateQueries({ queryKey: personalKeys.all(userId) });
  }, [activity.runs, queryClient, userId]);

  const data = query.data;
  const off = toggle.isPending ? toggle.variables : (data?.off ?? false);
  return (
    <section className="card" aria-labelledby="personal-heading" data-testid="personal-models">
      <h2 id="personal-heading">Personal models</h2>
      <p className="muted">
        Once you have {MIN_SCORED_DAYS} scored days (a check-in on a day and on the day after), this browser trains a
        model of your own for tomorrow&apos;s mood, an energy dip and tomorrow&apos;s stress: a few small trees added to
        the general model, learned from your check-ins. It is used only when it beats the general model on your most
        recent days, which it was not trained on. It is kept on this device only: never sent, and deleted with your data.
      </p>
      <p>
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            checked={!off}
            disabled={!data || toggle.isPending}
            aria-describedby="personal-switch-hint"
            onChange={(e) => toggle.mutate(!e.target.checked)}
          />{" "}
          Use my personal models
        </label>
        <span id="personal-switch-hint" className="muted hint">
          {" "}
          Off: every prediction comes from the general model. Remembered on this device.
        </span>
      </p>
      {!data ? (
        <p role="status">Reading your personal models…</p>
      ) : (
        <ul className="personal-list">
          {PERSONAL_TYPES.map((type) => {
            const record = data.records.find((r) => r.prediction_type === type);
            const status = statusOf(record, data.scoredDays, activity.training.includes(type), activity.failed[type] !== undefined);
            return (
              <li key={type} data-testid={`personal-${type}`} data-status={status}>
                <strong>{PREDICTION_TYPE_LABELS[type]}</strong>:{" "}
                <span data-testid={`personal-status-${type}`}>{personalStatusText(status, data.scoredDays, off)}</span>
                {status === "failed" && <span className="muted"> ({activity.failed[type]})</span>}
                {record?.heldOut && status !== "needs-days" && (
                  <p className="muted" data-testid={`personal-heldout-${type}`}>
                    {heldOutText(type, record.heldOut)}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {toggle.isError && (
        <p role="alert" className="error-text">
          {toggle.error.message}
        </p>
      )}
    </section>
  );
}
