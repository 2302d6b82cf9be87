import type { CheckIn } from "@/lib/domain/check-in";
import type { TrackEntry } from "@/lib/predictions/track-record";
import { PredictedVsEntered } from "./predicted-vs-entered";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Supabase mode: which check-ins have not reached Supabase (and which of those it refused). */
export type SyncMarks = { unsent: ReadonlySet<string>; rejected: ReadonlySet<string> };

export function CheckInList({
  items,
  syncMarks,
  predictedFor,
}: {
  items: CheckIn[];
  syncMarks: SyncMarks | null;
  /** Track-record entries by the check-in that is their outcome (see entriesByOutcome). */
  predictedFor?: ReadonlyMap<string, TrackEntry[]>;
}) {
  return (
    <ol className="history-list" aria-label="Check-ins, newest first">
      {items.map((c) => (
        <li key={c.id} className="card history-item" data-testid="history-item">
          <time dateTime={c.checkin_date}>{dateFormat.format(new Date(c.checkin_date))}</time>
          <span>
            Mood {c.mood} · Energy {c.energy ?? "—"} · Stress {c.stress ?? "—"}
            {c.sleep_hours !== null && ` · Sleep ${c.sleep_hours} h`}
            {c.activity_minutes !== null && ` · Activity ${c.activity_minutes} min`}
          </span>
          {c.notes && <p className="muted notes">{c.notes}</p>}
          {predictedFor?.get(c.id) && <PredictedVsEntered entries={predictedFor.get(c.id) ?? []} />}
          {syncMarks && <SyncMark id={c.id} marks={syncMarks} />}
        </li>
      ))}
    </ol>
  );
}

function SyncMark({ id, marks }: { id: string; marks: SyncMarks }) {
  if (marks.rejected.has(id)) return <span className="sync-mark sync-rejected" data-testid="sync-mark">Needs attention</span>;
  if (marks.unsent.has(id)) return <span className="sync-mark sync-pending" data-testid="sync-mark">Waiting to sync</span>;
  return <span className="sync-mark sync-done" data-testid="sync-mark">Synced</span>;
}
