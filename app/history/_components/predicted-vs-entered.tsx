import type { TrackEntry } from "@/lib/predictions/track-record";
import { describeTrackEntry, PERSISTENCE_WORDS } from "@/lib/predictions/track-record-text";
import styles from "./predicted-vs-entered.module.css";

/**
 * Track-record entries by the check-in that is their outcome (the latest check-in of the day they were about), so a
 * History row can show what was predicted for its day.
 */
export function entriesByOutcome(entries: readonly TrackEntry[]): Map<string, TrackEntry[]> {
  const map = new Map<string, TrackEntry[]>();
  for (const e of entries) {
    if (!e.outcome) continue;
    const list = map.get(e.outcome.id);
    if (list) list.push(e);
    else map.set(e.outcome.id, [e]);
  }
  return map;
}

/** "Predicted for this day: Mood steady → you entered 6 (steady), right · …" under a History row. */
export function PredictedVsEntered({ entries }: { entries: readonly TrackEntry[] }) {
  const lines = entries.flatMap((e) => {
    const line = describeTrackEntry(e);
    return line ? [{ type: e.type, ...line }] : [];
  });
  if (lines.length === 0) return null;
  return (
    <div className={styles.track} data-testid="track-line">
      <span className="muted">Predicted the day before, for this day:</span>
      <ul className={styles.lines}>
        {lines.map((l) => (
          <li key={l.type} data-testid={`track-${l.type}`} className={styles[l.tone]}>
            <span className={styles.label}>{l.label}:</span> predicted {l.predicted}
            {/* Screen readers would say "right arrow"; the words around it already say it all. */}
            <span aria-hidden> →</span> you entered {l.entered}
            {l.verdict && <>, <strong>{l.verdict}</strong></>}
            {l.persistence && <span className="muted"> ({PERSISTENCE_WORDS}: {l.persistence})</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
