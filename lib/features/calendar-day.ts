import { localDayOfInstant } from "./time-zone";

/**
 * The calendar day of a check-in on the person's wall calendar in `timeZone`, as whole days since 1970-01-01.
 *
 * Why not the `YYYY-MM-DD` prefix: `checkin_date` is stored as a UTC instant (`new Date().toISOString()`, and PostgREST
 * returns timestamptz as `+00:00`), so the prefix is the UTC date — a 21:00 check-in in New York would land on the
 * next day. The instant is converted to the local date in the person's IANA zone instead. A timestamp without an
 * offset (`2026-03-02T21:00:00`) or a bare date is already a wall-clock reading and keeps its date as written.
 *
 * Returns null for text that is not a strict ISO 8601 date or date-time, or names a date or time that does not exist
 * (2026-02-30, 25:00). `Date.parse` is not used to validate: it accepts "03/10/2026" and reads it in the machine's zone.
 * `timeZone` must already be valid (see `assertTimeZone`).
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

export function calendarDay(isoTimestamp: string, timeZone: string): number | null {
  return localReading(isoTimestamp, timeZone)?.day ?? null;
}

/**
 * The local calendar day (as `calendarDay`) and a number that orders readings within that day: the instant in ms, or
 * for a reading without an offset its wall-clock time read as if UTC. Only compare `order` between readings of one day.
 */
export function localReading(isoTimestamp: string, timeZone: string): { day: number; order: number } | null {
  const match = ISO.exec(isoTimestamp);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, frac, offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const dateMs = Date.UTC(year, month - 1, day);
  const check = new Date(dateMs);
  // Date.UTC rolls 2026-02-30 over to March; a date that does not round-trip does not exist.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  if (hour > 23 || minute > 59 || second > 59) return null;
  const wallDay = Math.round(dateMs / 86_400_000);
  const millis = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  if (offset === undefined) return { day: wallDay, order: dateMs + ((hour * 60 + minute) * 60 + second) * 1000 + millis };
  let offsetMinutes = 0;
  if (offset.toUpperCase() !== "Z") {
    const digits = offset.replace(":", "");
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (offset.startsWith("-") ? -1 : 1) * (oh * 60 + om);
  }
  const instant = dateMs + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
  return { day: localDayOfInstant(instant, timeZone), order: instant };
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}
