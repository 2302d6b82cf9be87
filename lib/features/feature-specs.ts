import type { FeatureSpec } from "@/lib/models/manifest-schema";

/**
 * The features every bundled model reads, in input-column order. The pipeline writes this list into each manifest
 * entry; the app reads it back from the manifest and hands it to `extractFeatures`, so a model trained on another
 * order (or a subset) still gets the right columns.
 *
 * Windows are the person's local calendar days counted back from the current check-in's local day, in the zone given
 * to `extractFeatures` (see `calendar-day.ts`; the descriptions below go into the manifest verbatim, so changing them
 * changes the committed models' bytes). Any value that
 * cannot be computed (sleep left empty, no history in the window) is NaN and follows the trees' missing branch.
 */
export const FEATURE_SPECS = [
  spec("mood", "score 1-10", "Today's mood.", 1, 10),
  spec("energy", "score 1-10", "Today's energy.", 1, 10),
  spec("stress", "score 1-10", "Today's stress.", 1, 10),
  spec("sleep_hours", "hours", "Hours slept last night; NaN when left empty.", 0, 24),
  spec("activity_minutes", "minutes", "Minutes of physical activity today; NaN when left empty.", 0, 1440),
  spec("day_of_week", "0=Mon..6=Sun", "Weekday of the check-in's calendar date.", 0, 6),
  spec("mood_mean_3d", "score 1-10", "Mean mood of check-ins in the 3 days before today.", 1, 10),
  spec("mood_mean_7d", "score 1-10", "Mean mood of check-ins in the 7 days before today.", 1, 10),
  spec("energy_mean_3d", "score 1-10", "Mean energy of check-ins in the 3 days before today.", 1, 10),
  spec("energy_mean_7d", "score 1-10", "Mean energy of check-ins in the 7 days before today.", 1, 10),
  spec("stress_mean_3d", "score 1-10", "Mean stress of check-ins in the 3 days before today.", 1, 10),
  spec("stress_mean_7d", "score 1-10", "Mean stress of check-ins in the 7 days before today.", 1, 10),
  spec("sleep_mean_3d", "hours", "Mean sleep of check-ins (with sleep filled in) in the 3 days before today.", 0, 24),
  spec("sleep_mean_7d", "hours", "Mean sleep of check-ins (with sleep filled in) in the 7 days before today.", 0, 24),
  spec("activity_mean_7d", "minutes", "Mean activity of check-ins (with activity filled in) in the 7 days before today.", 0, 1440),
  spec("mood_trend_7d", "points/day", "Least-squares slope of mood over today and the 6 days before (2+ days needed).", -9, 9),
  spec("energy_trend_7d", "points/day", "Least-squares slope of energy over today and the 6 days before (2+ days needed).", -9, 9),
  spec("stress_trend_7d", "points/day", "Least-squares slope of stress over today and the 6 days before (2+ days needed).", -9, 9),
  spec("high_stress_days_7d", "days", "Days with stress 8 or more among today and the 6 days before.", 0, 7),
  spec("days_since_last_checkin", "days", "Days since the newest earlier check-in (capped at 365); NaN with no history.", 0, 365),
  spec("checkins_last_7d", "days", "Days with a check-in in the 7 days before today.", 0, 7),
  spec("checkins_last_28d", "days", "Days with a check-in in the 28 days before today.", 0, 28),
] as const satisfies readonly FeatureSpec[];

export type FeatureName = (typeof FEATURE_SPECS)[number]["name"];

function spec<N extends string>(name: N, unit: string, description: string, min: number, max: number) {
  return { name, unit, description, min, max };
}
