/**
 * The instant (epoch ms) at which the wall clock in `timeZone` reads `date` (YYYY-MM-DD) at `minutes` after midnight.
 * Daylio writes local times without a zone; the person's own (browser) zone is the honest reading. In a DST gap (a
 * time that never happened) the result is the instant the same number of minutes after the last one that did, as
 * `Date` does for the local zone; in a repeated hour, the first of the two.
 */
export function wallClockInstant(date: string, minutes: number, timeZone: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, 0, minutes);
  if (timeZone === "UTC") return wall;
  // Two rounds: the offset at the first guess, then at the instant it gives (they differ only near a transition).
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  const readsRight = [first, second].filter((t) => offsetAt(t, timeZone) === wall - t);
  // Neither reads right: a DST gap; `first` is then the later reading (as Date moves a local gap forward).
  return readsRight.length > 0 ? Math.min(...readsRight) : first;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at `instant`, in ms (wall-clock reading as if UTC, less the instant). */
function offsetAt(instant: number, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(instant)) if (part.type !== "literal") p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year as number, (p.month as number) - 1, p.day as number, p.hour as number, p.minute as number, p.second as number);
  return asUtc - Math.floor(instant / 1000) * 1000;
}
