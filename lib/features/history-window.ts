/** Days of history before today that the features read (checkins_last_28d). */
export const FEATURE_WINDOW_DAYS = 28;

/** The browser's IANA time zone: check-ins count on the person's own calendar days. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * The earliest instant the features can look at for a check-in made at `checkInInstant`: a day more than the window,
 * so that whatever the zone's offset, the whole first local day is included (the feature code itself counts days).
 */
export function historyWindowStart(checkInInstant: string, _timeZone: string): string {
  return new Date(Date.parse(checkInInstant) - (FEATURE_WINDOW_DAYS + 2) * 86_400_000).toISOString();
}
