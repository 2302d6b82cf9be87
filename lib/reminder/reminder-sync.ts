/**
 * Names the page and the service worker share for the reminder (app/your-data/_components/reminder-setting.tsx,
 * app/sw-reminder.ts).
 */

/** The Periodic Background Sync registration that wakes the service worker to check. */
export const REMINDER_SYNC_TAG = "daily-check-in-reminder";

/** The notification's tag: a new one replaces an old one instead of stacking. */
export const REMINDER_NOTIFICATION_TAG = "daily-check-in-reminder";

/**
 * How often the page asks the browser to wake the worker. A wish, not a schedule: Chromium wakes an installed app at
 * most about twice a day, later the less the site is used, and only on a network it has used before. So the
 * notification comes "near" the reminder's time at best; the calendar event is the reminder that keeps time.
 */
export const REMINDER_SYNC_MIN_INTERVAL_MS = 60 * 60 * 1000;

/** The message the worker sends to open pages after each check (so a page, or a test, knows a check finished). */
export type ReminderCheckedMessage = { type: "reminder-checked"; outcome: string };
