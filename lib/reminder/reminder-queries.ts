import { queryOptions } from "@tanstack/react-query";
import { browserLocalStore } from "@/lib/data/local/local-db";
import { reminderKeys } from "./keys";
import { notificationSupport } from "./notification-support";
import { getReminderTime } from "./reminder-store";

/** The reminder's time on this device (null: no reminder). Only the Reminder setting changes it. */
export function reminderTimeQueryOptions() {
  return queryOptions({ queryKey: reminderKeys.time(), queryFn: () => getReminderTime(browserLocalStore()), staleTime: Number.POSITIVE_INFINITY });
}

/** What this device can do besides the calendar; asked again when the page is shown (permissions change outside it). */
export function notificationSupportQueryOptions() {
  return queryOptions({ queryKey: reminderKeys.notificationSupport(), queryFn: notificationSupport, staleTime: 0 });
}
