import { calendarDay } from "@/lib/features/calendar-day";
import { localDayOfInstant } from "@/lib/features/time-zone";
import { localMinutesOfDay, minutesOfDay, type ReminderTime } from "./reminder-time";

/** Why the service worker stays silent this time (or that it should speak). */
export type ReminderDecision =
  | { notify: true; day: number }
  | { notify: false; reason: "no-reminder" | "already-notified" | "not-yet" | "checked-in" };

/**
 * The reminder's rule, applied when the browser wakes the service worker (periodic sync, at a time of the browser's
 * choosing): remind once the reminder's local time has passed today, unless the person has already checked in today or
 * was already reminded today. "Today" and "the time" are read on the wall clock of `timeZone`, the zone the device is
 * in now: a person who flies to Tokyo wants the reminder at 20:00 Tokyo time, like an alarm clock. On a day whose DST
 * jump skips the reminder's time (02:30 on a spring-forward night) the wall clock passes it at the jump, so the rule
 * still fires that day.
 *
 * `checkInDates`: the `checkin_date`s (ISO instants) of the person's recent check-ins; only those on today's local
 * date count. `lastNotifiedDay`: the local day (days since 1970-01-01) of the last reminder shown, or null.
 */
export function shouldNotify(input: {
  reminderTime: ReminderTime | null;
  now: number;
  timeZone: string;
  checkInDates: readonly string[];
  lastNotifiedDay: number | null;
}): ReminderDecision {
  const { reminderTime, now, timeZone } = input;
  if (reminderTime === null) return { notify: false, reason: "no-reminder" };
  const today = localDayOfInstant(now, timeZone);
  if (input.lastNotifiedDay === today) return { notify: false, reason: "already-notified" };
  if (localMinutesOfDay(now, timeZone) < minutesOfDay(reminderTime)) return { notify: false, reason: "not-yet" };
  if (input.checkInDates.some((d) => calendarDay(d, timeZone) === today)) return { notify: false, reason: "checked-in" };
  return { notify: true, day: today };
}
