import type { LocalStore } from "@/lib/data/local/local-db";
import { isReminderTime, type ReminderTime } from "./reminder-time";

/**
 * The reminder's state, on this device only (the local store's `meta`; never synced, never sent anywhere). It belongs
 * to the device, not to an account: a sign-out or Delete my data leaves it, and it holds nothing about anybody's
 * check-ins. This module is the only one that reads or writes these keys: the Reminder setting (app/your-data) and the
 * service worker's check (check-reminder.ts).
 */
const REMINDER_TIME_KEY = "reminder_time";
const LAST_NOTIFIED_KEY = "reminder_last_notified_day";

// The meta store through the connection, not lib/data/local/local-meta.ts: importing that module from the Your data
// page made Turbopack split it out of the home page's chunk, where it is otherwise inlined (+60 B gzip on `/`,
// measured against the build before the reminder).
async function readMeta<T>(store: LocalStore, key: string, isValid: (v: unknown) => v is T): Promise<T | undefined> {
  const value = await (await store.db()).get("meta", key);
  return isValid(value) ? value : undefined;
}

export async function getReminderTime(store: LocalStore): Promise<ReminderTime | null> {
  return (await readMeta(store, REMINDER_TIME_KEY, isReminderTime)) ?? null;
}

/** Sets the reminder's time, or removes the reminder (null). */
export async function setReminderTime(store: LocalStore, time: ReminderTime | null): Promise<void> {
  const db = await store.db();
  if (time === null) await db.delete("meta", REMINDER_TIME_KEY);
  else await db.put("meta", time, REMINDER_TIME_KEY);
}

const isDay = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value);

/** The local day (days since 1970-01-01) the last reminder notification was shown on, or null. */
export async function getLastNotifiedDay(store: LocalStore): Promise<number | null> {
  return (await readMeta(store, LAST_NOTIFIED_KEY, isDay)) ?? null;
}

export async function setLastNotifiedDay(store: LocalStore, day: number): Promise<void> {
  await (await store.db()).put("meta", day, LAST_NOTIFIED_KEY);
}
