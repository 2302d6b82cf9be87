"use client";

import { useState } from "react";
import { browserChangeBus } from "@/lib/data/local/data-changes";
import { browserLocalStore } from "@/lib/data/local/local-db";
import type { QueueView } from "@/lib/data/sync/queue-query";
import type * as Actions from "@/lib/data/sync/needs-attention-actions";
import { saveFile } from "../../_components/save-file";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/**
 * Check-ins Supabase refused for a reason a retry will not fix by itself (a rule of the database, another account's
 * session…). Nothing is dropped silently: the person sees the server's reason and decides — Retry (e.g. after an
 * update of the app or of the database), Download (keep a copy), or Discard.
 */
export function NeedsAttention({ items }: { items: QueueView["rejected"] }) {
  const [error, setError] = useState<string | null>(null);
  const act = async (fn: (m: typeof Actions) => Promise<void>) => {
    setError(null);
    try {
      await fn(await import("@/lib/data/sync/needs-attention-actions"));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section id="needs-attention" aria-labelledby="attention-heading" className="card attention" data-testid="needs-attention">
      <h2 id="attention-heading">Needs attention</h2>
      <p className="muted">Supabase refused these check-ins. They are kept on this device until you decide.</p>
      <ul className="history-list">
        {items.map(({ entry, checkIn }) => (
          <li key={entry.checkin_id} className="history-item" data-testid="attention-item">
            <strong>{checkIn ? dateFormat.format(new Date(checkIn.checkin_date)) : "Predictions of a check-in"}</strong>
            {checkIn && (
              <span>
                Mood {checkIn.mood} · Energy {checkIn.energy ?? "—"} · Stress {checkIn.stress ?? "—"}
              </span>
            )}
            <span className="error-text" data-testid="attention-reason">
              {entry.rejection?.reason ?? "Refused"}
              {entry.rejection?.code ? ` (${entry.rejection.code})` : ""}
            </span>
            <div className="actions">
              <button type="button" onClick={() => void act((m) => m.retryRejected(browserLocalStore(), browserChangeBus(), entry.checkin_id))}>Retry</button>
              <button type="button" onClick={() => void act(async (m) => saveFile(`check-in-${entry.checkin_id}.json`, "application/json", await m.rejectedItemJson(browserLocalStore(), entry.checkin_id)))}>Download</button>
              <button
                type="button"
                onClick={() => {
                  if (window.confirm("Discard this check-in and its predictions from this device? This cannot be undone.")) {
                    void act((m) => m.discardRejected(browserLocalStore(), browserChangeBus(), entry.checkin_id));
                  }
                }}
              >
                Discard
              </button>
            </div>
          </li>
        ))}
      </ul>
      {error && <p role="alert" className="error-text">{error}</p>}
    </section>
  );
}
