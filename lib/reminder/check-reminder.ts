import type { LocalStore } from "@/lib/data/local/local-db";
import { listLocalCheckInsBetween } from "@/lib/data/local/local-check-ins";
import { findLocalUserId } from "@/lib/data/local/local-user";
import { getAccount } from "@/lib/data/session/account";
import { localDayOfInstant, startOfLocalDay } from "@/lib/features/time-zone";
import { getLastNotifiedDay, getReminderTime, setLastNotifiedDay } from "./reminder-store";
import { type ReminderDecision, shouldNotify } from "./should-notify";

export type ReminderCheck = ReminderDecision | { notify: false; reason: "no-user" };

/**
 * The service worker's reminder check: reads the local store (in Supabase mode it mirrors the person's rows, including
 * check-ins made on other devices once pulled), applies `shouldNotify`, and when it says "notify" records today as
 * notified first, so that two wake-ups close together cannot both remind (at most once a day, even if showing the
 * notification then fails). Whose check-ins: the account signed in on this device (Supabase mode), else this
 * browser's local user; neither (signed out) → no reminder.
 */
export async function checkReminder(store: LocalStore, now: number, timeZone: string): Promise<ReminderCheck> {
  const userId = (await getAccount(store))?.userId ?? (await findLocalUserId(store));
  if (userId === undefined) return { notify: false, reason: "no-user" };
  const today = localDayOfInstant(now, timeZone);
  const rows = await listLocalCheckInsBetween(store, {
    userId,
    from: new Date(startOfLocalDay(today, timeZone)).toISOString(),
    before: new Date(startOfLocalDay(today + 1, timeZone)).toISOString(),
  });
  const decision = shouldNotify({
    reminderTime: await getReminderTime(store),
    now,
    timeZone,
    checkInDates: rows.map((r) => r.checkin_date),
    lastNotifiedDay: await getLastNotifiedDay(store),
  });
  if (decision.notify) await setLastNotifiedDay(store, decision.day);
  return decision;
}
