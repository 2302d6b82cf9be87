"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { PREDICTION_TYPE_LABELS } from "@/lib/domain/prediction";
import { PERSONAL_TYPES } from "@/lib/personal/types";
import { heldOutText } from "@/lib/personal/use/describe-personal";
import { personalModelsQueryOptions } from "@/lib/personal/use/personal-query";

/**
 * Beside the track record: the other record, the one that chose between the person's own model and the general one
 * (their most recent days, held out from the personal model's training, both models and "tomorrow is like today" on
 * the same days). The track record above scores whichever model made each stored prediction (a row names it).
 */
export function PersonalRecord({ userId }: { userId: string }) {
  const query = useQuery(personalModelsQueryOptions(userId));
  const tried = query.data?.records.filter((r) => r.heldOut) ?? [];
  if (tried.length === 0) return null;
  const used = (personal: boolean) => (personal && !query.data?.off ? "your personal model is used" : "the general model is used");
  return (
    <section className="card" aria-labelledby="personal-record-heading" data-testid="personal-record">
      <h2 id="personal-record-heading">Personal models: general or yours?</h2>
      <ul>
        {PERSONAL_TYPES.flatMap((type) => {
          const record = tried.find((r) => r.prediction_type === type);
          if (!record?.heldOut) return [];
          return [
            <li key={type} data-testid={`personal-record-${type}`}>
              <strong>{PREDICTION_TYPE_LABELS[type]}</strong> ({used(record.decision === "personal" && record.model !== undefined)}):{" "}
              {heldOutText(type, record.heldOut)}
            </li>,
          ];
        })}
      </ul>
      <p className="muted">
        The record above scores whichever model made each prediction. <Link href="/models">Personal models on the Models page</Link>.
      </p>
    </section>
  );
}
