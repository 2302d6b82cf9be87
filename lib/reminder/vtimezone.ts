/**
 * A VTIMEZONE (RFC 5545 §3.6.5) for an IANA zone, built from what the browser's Intl knows about it, so that a calendar
 * keeps a daily event at the same local time across DST changes. Browsers expose no zone rules, only "what offset at
 * this instant", so the transitions are found by search over a span of years and then described:
 * - each kind of transition (onset of daylight time, back to standard) that falls every year on the same weekday rule
 *   (e.g. the 2nd Sunday of March at 02:00, or the last Sunday of October) becomes one observance with a yearly RRULE,
 *   correct beyond the span for as long as the zone keeps its rules, like the VTIMEZONEs that calendar servers publish;
 * - transitions that follow no such rule are listed one by one (RDATE), correct within the span;
 * - a zone without transitions in the span (UTC, Asia/Tokyo) is one STANDARD observance with its fixed offset.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Years searched from the start year: long enough to see a rule repeat, and to cover any calendar's near future. */
export const VTIMEZONE_SPAN_YEARS = 12;

type Transition = { at: number; from: number; to: number };

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset at `epochMs`, in minutes east of UTC (from Intl's "GMT+05:30" form). */
export function offsetMinutes(epochMs: number, timeZone: string): number {
  let f = offsetFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    offsetFormats.set(timeZone, f);
  }
  const name = f.formatToParts(epochMs).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const match = /^GMT([+-])(\d{2}):?(\d{2})?$/.exec(name);
  if (!match) return 0; // "GMT" itself
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === "-" ? -minutes : minutes;
}

/** Every offset change in [from, to): sampled every 12 hours, then the exact minute by bisection. */
function transitions(timeZone: string, from: number, to: number): Transition[] {
  const found: Transition[] = [];
  const step = DAY / 2;
  let prevAt = from;
  let prevOffset = offsetMinutes(from, timeZone);
  for (let t = from + step; t < to; t += step) {
    const offset = offsetMinutes(t, timeZone);
    if (offset !== prevOffset) {
      let lo = Math.floor(prevAt / MINUTE);
      let hi = Math.floor(t / MINUTE);
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetMinutes(mid * MINUTE, timeZone) === prevOffset) lo = mid;
        else hi = mid;
      }
      found.push({ at: hi * MINUTE, from: prevOffset, to: offset });
    }
    prevAt = t;
    prevOffset = offset;
  }
  return found;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** "-0500" / "+0530": a UTC offset as RFC 5545 writes it. */
function utcOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

/** A wall-clock reading as an RFC 5545 local DATE-TIME: epoch ms shifted by the offset, read as UTC. */
function localDateTime(wallMs: number): string {
  const d = new Date(wallMs);
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

const WEEKDAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"] as const;

/** A transition's place in its year: month, weekday, which one of the month (1-5) and whether it is the last one. */
function placeOf(wallMs: number) {
  const d = new Date(wallMs);
  const daysInMonth = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  return {
    month: d.getUTCMonth() + 1,
    weekday: d.getUTCDay(),
    nth: Math.ceil(d.getUTCDate() / 7),
    last: d.getUTCDate() + 7 > daysInMonth,
    time: wallMs % DAY,
  };
}

/** The yearly RRULE every one of `walls` (local onsets, one per year) follows, or null when they follow none. */
function yearlyRule(walls: number[]): string | null {
  const places = walls.map(placeOf);
  const first = places[0];
  if (!first || places.length < 2) return null;
  const years = walls.map((w) => new Date(w).getUTCFullYear());
  if (years.some((y, i) => i > 0 && y !== (years[i - 1] ?? 0) + 1)) return null;
  const same = places.every((p) => p.month === first.month && p.weekday === first.weekday && p.time === first.time);
  if (!same) return null;
  const day = WEEKDAYS[first.weekday];
  if (places.every((p) => p.last)) return `RRULE:FREQ=YEARLY;BYMONTH=${first.month};BYDAY=-1${day}`;
  if (places.every((p) => p.nth === first.nth)) return `RRULE:FREQ=YEARLY;BYMONTH=${first.month};BYDAY=${first.nth}${day}`;
  return null;
}

const shortNames = new Map<string, Intl.DateTimeFormat>();

/** The zone's abbreviation at `epochMs` where Intl knows one ("EST", "CEST"), else its offset ("GMT+1"). */
function zoneName(epochMs: number, timeZone: string): string {
  let f = shortNames.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" });
    shortNames.set(timeZone, f);
  }
  return f.formatToParts(epochMs).find((p) => p.type === "timeZoneName")?.value ?? timeZone;
}

/**
 * The VTIMEZONE's content lines for `timeZone`, valid from January 1 of `startYear` (the calendar event must not start
 * earlier). Observances: STANDARD for the smaller offset of a pair, DAYLIGHT for the larger.
 */
export function vtimezoneLines(timeZone: string, startYear: number): string[] {
  const from = Date.UTC(startYear, 0, 1) - DAY; // a day early: local January 1 may still be December 31 in UTC
  const to = Date.UTC(startYear + VTIMEZONE_SPAN_YEARS, 0, 1);
  const found = transitions(timeZone, from, to);
  const lines = ["BEGIN:VTIMEZONE", `TZID:${timeZone}`];
  const initial = offsetMinutes(from, timeZone);
  // The observance in force at the start of the span, from its start (a transition before it is irrelevant here).
  const firstKind = found[0] && found[0].from > found[0].to ? "DAYLIGHT" : "STANDARD";
  lines.push(
    `BEGIN:${firstKind}`,
    `DTSTART:${localDateTime(from + initial * MINUTE)}`,
    `TZOFFSETFROM:${utcOffset(initial)}`,
    `TZOFFSETTO:${utcOffset(initial)}`,
    `TZNAME:${zoneName(from, timeZone)}`,
    `END:${firstKind}`,
  );
  // Group transitions by (from, to): each group is one observance.
  const groups = new Map<string, Transition[]>();
  for (const t of found) {
    const key = `${t.from}/${t.to}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  for (const group of groups.values()) {
    const { from: offFrom, to: offTo } = group[0]!;
    const kind = offTo > offFrom ? "DAYLIGHT" : "STANDARD";
    // A transition's local onset is read on the clock that was running before it (TZOFFSETFROM).
    const walls = group.map((t) => t.at + t.from * MINUTE);
    const rule = yearlyRule(walls);
    lines.push(`BEGIN:${kind}`, `DTSTART:${localDateTime(walls[0]!)}`);
    if (rule) lines.push(rule);
    else if (walls.length > 1) lines.push(`RDATE:${walls.slice(1).map(localDateTime).join(",")}`);
    lines.push(`TZOFFSETFROM:${utcOffset(offFrom)}`, `TZOFFSETTO:${utcOffset(offTo)}`, `TZNAME:${zoneName(group[0]!.at, timeZone)}`, `END:${kind}`);
  }
  lines.push("END:VTIMEZONE");
  return lines;
}
