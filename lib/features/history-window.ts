import { calendarDay } from "./calendar-day";
import { FeatureExtractionError } from "./feature-extraction-error";
import { assertTimeZone, startOfLocalDay } from "./time-zone";

/**
 * How many local calendar days before the current check-in's day the features read: `checkins_last_28d` counts the
 * 28 days before today, and every other window is shorter. The training pipeline gives each row exactly this much
 * history, so `days_since_last_checkin` is NaN (not 40) after a longer gap, in training and in the app alike.
 */
export const FEATURE_WINDOW_DAYS = 28;

/**
 * The ISO instant (UTC, `…Z`) at which the feature history of a check-in starts: local midnight, in `timeZone`, of the
 * day `FEATURE_WINDOW_DAYS` days before the check-in's local day. Read every check-in with
 * `checkin_date >= historyWindowStart(current.checkin_date, zone)` and `< current.checkin_date` — which includes
 * earlier check-ins of the same local day (they make `days_since_last_checkin` 0).
 *
 * Days are counted on the local calendar, not as 28 × 24 h: across a DST change the window is an hour longer or shorter.
 * Throws a `FeatureExtractionError` for an invalid zone or a date that is not ISO 8601.
 */
export function historyWindowStart(checkInInstantIso: string, timeZone: string): string {
  assertTimeZone(timeZone);
  const today = typeof checkInInstantIso === "string" ? calendarDay(checkInInstantIso, timeZone) : null;
  if (today === null) {
    throw new FeatureExtractionError(
      `checkInInstantIso "${String(checkInInstantIso)}" is not a valid ISO 8601 date (expected e.g. 2026-03-02T20:15:00Z).`,
    );
  }
  return new Date(startOfLocalDay(today - FEATURE_WINDOW_DAYS, timeZone)).toISOString();
}
