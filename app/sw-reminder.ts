/// <reference lib="webworker" />
import { openLocalStore } from "@/lib/data/local/local-db";
import { browserTimeZone } from "@/lib/features/time-zone";
import { checkReminder } from "@/lib/reminder/check-reminder";
import { REMINDER_NOTIFICATION_TAG, REMINDER_SYNC_TAG, type ReminderCheckedMessage } from "@/lib/reminder/reminder-sync";

/** Periodic Background Sync's event (Chromium only, so not in TypeScript's webworker types). */
interface PeriodicSyncEvent extends ExtendableEvent {
  readonly tag: string;
}

/**
 * The reminder's two service-worker events (the setting is app/your-data/_components/reminder-setting.tsx):
 * - `periodicsync`, when the browser wakes the worker: check the local store and show the notification if the rule
 *   says so (lib/reminder/check-reminder.ts); a check-in since then closes one still shown;
 * - `notificationclick`: open the check-in page, in a window of the app if one is open.
 * Nothing leaves the device: the check reads IndexedDB, the notification is drawn by the browser.
 */
export function addReminderListeners(sw: ServiceWorkerGlobalScope): void {
  sw.addEventListener("periodicsync", (e) => {
    const event = e as PeriodicSyncEvent;
    if (event.tag === REMINDER_SYNC_TAG) event.waitUntil(runCheck(sw));
  });
  sw.addEventListener("notificationclick", (event) => {
    if (event.notification.tag !== REMINDER_NOTIFICATION_TAG) return;
    event.notification.close();
    event.waitUntil(openCheckInPage(sw));
  });
}

async function runCheck(sw: ServiceWorkerGlobalScope): Promise<void> {
  // The worker's own connection, closed after the check: held open, it would make a newer tab's upgrade wait.
  const store = openLocalStore();
  let outcome: string;
  try {
    const decision = await checkReminder(store, Date.now(), browserTimeZone());
    if (decision.notify) {
      await sw.registration.showNotification("Time for your check-in", {
        body: "You have not checked in today. It takes a minute.",
        tag: REMINDER_NOTIFICATION_TAG,
        icon: "/icons/icon-192.png",
        badge: "/icons/icon-192.png",
      });
      outcome = "notified";
    } else {
      outcome = decision.reason;
      // Checked in since a reminder was shown: it is no longer true, so take it away.
      if (decision.reason === "checked-in") {
        for (const n of await sw.registration.getNotifications({ tag: REMINDER_NOTIFICATION_TAG })) n.close();
      }
    }
  } catch (e) {
    // Best effort: a database this worker's version cannot open (a newer app upgraded it), no permission any more.
    outcome = `error: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    store.close();
  }
  const message: ReminderCheckedMessage = { type: "reminder-checked", outcome };
  for (const client of await sw.clients.matchAll({ type: "window" })) client.postMessage(message);
}

/**
 * The check-in page in front: a window already on it, else the first window of the app taken there, else a new one.
 * focus() and openWindow() are allowed only while a real click is being handled; each failure falls back to the next.
 */
async function openCheckInPage(sw: ServiceWorkerGlobalScope): Promise<void> {
  const url = new URL("/", sw.location.origin).href;
  const windows = await sw.clients.matchAll({ type: "window" });
  const onCheckIn = windows.find((w) => new URL(w.url).pathname === "/");
  try {
    const client = onCheckIn ?? (windows[0] ? await windows[0].navigate(url) : null);
    if (client) {
      await client.focus().catch(() => undefined);
      return;
    }
  } catch {
    // navigate() refuses a window this worker does not control: open a new one instead.
  }
  await sw.clients.openWindow(url);
}
