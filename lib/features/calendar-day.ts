/**
 * The calendar day of a check-in, as a whole number of days since 1970-01-01.
 *
 * Why the date as written and not `new Date(...)`: `checkin_date` is an ISO 8601 timestamp, and the day a person
 * means is the one on their wall calendar. Reading the `YYYY-MM-DD` prefix keeps that day whatever the offset
 * (`…T23:30:00+02:00` stays on its own date) and gives the same number in the browser, in Node and in training,
 * independent of the machine's time zone.
 */
const DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/;

export function calendarDay(isoTimestamp: string): number | null {
  const match = DATE_PREFIX.exec(isoTimestamp);
  if (!match) return null;
  const [, y, m, d] = match;
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March; a date that does not round-trip does not exist.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return Math.round(ms / 86_400_000);
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}
