import { REMINDER_SYNC_MIN_INTERVAL_MS, REMINDER_SYNC_TAG } from "./reminder-sync";

/**
 * What this device can do for the reminder besides the calendar file, and why not when it cannot. A notification
 * needs, all at once: a service worker, the Notification API, Periodic Background Sync (Chromium only), notification
 * permission, and the periodic-sync permission, which Chromium grants only to an installed app.
 */
export type NotificationSupport =
  /** Calendar + notifications: the browser will wake the worker, which may notify. */
  | { kind: "on" }
  /** Everything is there but the person has not turned notifications on (or the permission not yet asked). */
  | { kind: "can-ask" }
  /** Calendar only, and the reason in a sentence for the person. */
  | { kind: "calendar-only"; why: string };

/** Periodic Background Sync's surface on a registration (Chromium only, so not in TypeScript's DOM types). */
type PeriodicSyncManager = {
  register(tag: string, options?: { minInterval?: number }): Promise<void>;
  unregister(tag: string): Promise<void>;
  getTags(): Promise<string[]>;
};
const periodicSyncOf = (r: ServiceWorkerRegistration) => (r as ServiceWorkerRegistration & { periodicSync?: PeriodicSyncManager }).periodicSync;

async function registration(): Promise<ServiceWorkerRegistration | undefined> {
  if (!("serviceWorker" in navigator)) return undefined;
  // getRegistration, not `ready`: `ready` never settles where no worker is registered (`next dev`).
  const r = await navigator.serviceWorker.getRegistration();
  return r?.active ? r : undefined;
}

export async function notificationSupport(): Promise<NotificationSupport> {
  const reg = await registration();
  if (!reg) return { kind: "calendar-only", why: "The app's service worker is not running in this browser, and it is what would notify you." };
  if (typeof Notification === "undefined") return { kind: "calendar-only", why: "This browser cannot show notifications." };
  const periodicSync = periodicSyncOf(reg);
  if (!periodicSync) {
    return { kind: "calendar-only", why: "This browser has no Periodic Background Sync (Chrome, Edge and other Chromium browsers have it), so nothing can wake the app at your time." };
  }
  if (Notification.permission === "denied") return { kind: "calendar-only", why: "Notifications from this site are blocked in the browser's settings." };
  const state = await navigator.permissions
    .query({ name: "periodic-background-sync" as PermissionName })
    .then((s) => s.state, () => "denied" as const);
  if (state !== "granted") {
    return { kind: "calendar-only", why: "Only the installed app can be woken each day: install Check-in (the browser's menu, Install app) and open it from there." };
  }
  if (Notification.permission === "granted" && (await periodicSync.getTags()).includes(REMINDER_SYNC_TAG)) return { kind: "on" };
  return { kind: "can-ask" };
}

/** Asks for notification permission (this must run in a click) and registers the daily wake-up. */
export async function turnOnNotifications(): Promise<NotificationSupport> {
  const permission = await Notification.requestPermission();
  if (permission !== "granted") return notificationSupport();
  const reg = await registration();
  const periodicSync = reg && periodicSyncOf(reg);
  if (periodicSync) await periodicSync.register(REMINDER_SYNC_TAG, { minInterval: REMINDER_SYNC_MIN_INTERVAL_MS });
  return notificationSupport();
}

/** Stops the daily wake-up (turning the reminder off, or notifications only). */
export async function turnOffNotifications(): Promise<NotificationSupport> {
  const reg = await registration();
  const periodicSync = reg && periodicSyncOf(reg);
  if (periodicSync) await periodicSync.unregister(REMINDER_SYNC_TAG);
  return notificationSupport();
}
