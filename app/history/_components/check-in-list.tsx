import type { CheckIn } from "@/lib/domain/check-in";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function CheckInList({ items }: { items: CheckIn[] }) {
  return (
    <ol className="history-list" aria-label="Check-ins, newest first">
      {items.map((c) => (
        <li key={c.id} className="card history-item" data-testid="history-item">
          <time dateTime={c.checkin_date}>{dateFormat.format(new Date(c.checkin_date))}</time>
          <span>
            Mood {c.mood} · Energy {c.energy} · Stress {c.stress}
            {c.sleep_hours !== null && ` · Sleep ${c.sleep_hours} h`}
            {c.activity_minutes !== null && ` · Activity ${c.activity_minutes} min`}
          </span>
          {c.notes && <p className="muted notes">{c.notes}</p>}
        </li>
      ))}
    </ol>
  );
}
