import { calendarDay } from "@/lib/features/calendar-day";
import type { PersonalCheckIn } from "@/lib/personal/types";

/**
 * The person's scored days as the trainer counts them (lib/personal/build-personal-model.ts): local days with a
 * check-in whose next local day has one too. Counted here, on the main thread, from dates only, to decide whether a
 * build is due at all: a person short of MIN_SCORED_DAYS needs no tree file download and no worker.
 */
export function scoredDays(checkIns: readonly Pick<PersonalCheckIn, "checkin_date">[], timeZone: string): { count: number; newest: number | null } {
  const days = new Set<number>();
  for (const c of checkIns) {
    const day = calendarDay(c.checkin_date, timeZone);
    if (day !== null) days.add(day);
  }
  let count = 0;
  let newest: number | null = null;
  for (const day of days) {
    if (!days.has(day + 1)) continue;
    count += 1;
    if (newest === null || day > newest) newest = day;
  }
  return { count, newest };
}
