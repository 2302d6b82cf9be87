"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { browserLocalStore } from "@/lib/data/local/local-db";
import { reminderKeys } from "@/lib/reminder/keys";
import { type NotificationSupport, turnOffNotifications, turnOnNotifications } from "@/lib/reminder/notification-support";
import { notificationSupportQueryOptions, reminderTimeQueryOptions } from "@/lib/reminder/reminder-queries";
import { setReminderTime } from "@/lib/reminder/reminder-store";
import { isReminderTime } from "@/lib/reminder/reminder-time";
import { saveFile } from "../../_components/save-file";

/**
 * The daily reminder: a local time, kept on this device only. Two ways to be reminded: a calendar event (an .ics file,
 * for every platform, offline) and, where the browser can, a notification from the service worker (app/sw-reminder.ts)
 * when there is no check-in yet that day. The setting says which of the two this device will do, and why not both.
 */
export function ReminderSetting() {
  const queryClient = useQueryClient();
  const time = useQuery(reminderTimeQueryOptions());
  const support = useQuery(notificationSupportQueryOptions());
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const value = draft ?? time.data ?? "";
  // A first visit renders before the service worker takes over (it installs in the background): ask again when it does.
  useEffect(() => {
    const container = "serviceWorker" in navigator ? navigator.serviceWorker : undefined;
    const refresh = () => void queryClient.invalidateQueries({ queryKey: reminderKeys.notificationSupport() });
    container?.addEventListener("controllerchange", refresh);
    return () => container?.removeEventListener("controllerchange", refresh);
  }, [queryClient]);
  const setSupport = (s: NotificationSupport): void => void queryClient.setQueryData(reminderKeys.notificationSupport(), s);

  const act = async (work: () => Promise<void>) => {
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const save = (next: string) =>
    act(async () => {
      setDraft(next);
      const chosen = isReminderTime(next) ? next : null;
      if (next !== "" && chosen === null) return; // a half-typed time: wait for the rest
      await setReminderTime(browserLocalStore(), chosen);
      queryClient.setQueryData(reminderKeys.time(), chosen);
      // No reminder, no wake-ups.
      if (chosen === null && support.data?.kind === "on") setSupport(await turnOffNotifications());
    });

  const addToCalendar = () =>
    act(async () => {
      if (!isReminderTime(value)) return;
      const { reminderIcs } = await import("@/lib/reminder/reminder-ics");
      // The device's zone, read here rather than through lib/features/time-zone: sharing that module with this page
      // moved it between the home page's chunks (+16 B gzip on `/`, measured).
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
      const ics = reminderIcs({ time: value, timeZone, appUrl: new URL("/", location.origin).href, now: Date.now() });
      saveFile("check-in-reminder.ics", "text/calendar", ics);
    });

  const saved = time.data ?? null;
  return (
    <section className="card" aria-labelledby="reminder-heading">
      <h2 id="reminder-heading">Reminder</h2>
      <p className="muted">A nudge each day to check in. The time stays on this device; nothing about it is sent anywhere.</p>
      <div className="field">
        <label htmlFor="reminder-time">Remind me at</label>
        <input id="reminder-time" type="time" value={value} onChange={(e) => void save(e.target.value)} />
      </div>
      <div className="actions">
        <button type="button" disabled={saved === null} onClick={() => void addToCalendar()}>Add to calendar</button>
        {saved !== null && <button type="button" onClick={() => void save("")}>Turn off</button>}
      </div>
      {saved !== null && support.data && (
        <NotificationStatus
          support={support.data}
          onTurnOn={() => void act(async () => setSupport(await turnOnNotifications()))}
          onTurnOff={() => void act(async () => setSupport(await turnOffNotifications()))}
        />
      )}
      {error && <p role="alert" className="error-text">{error}</p>}
    </section>
  );
}

function NotificationStatus({ support, onTurnOn, onTurnOff }: { support: NotificationSupport; onTurnOn: () => void; onTurnOff: () => void }) {
  if (support.kind === "on") {
    return (
      <>
        <p data-testid="reminder-mode">
          This device: calendar and notifications. If you have not checked in by then, a notification comes when the
          browser next wakes the app after that time (browsers choose when, so it may be late; the calendar keeps time).
        </p>
        <button type="button" onClick={onTurnOff}>Stop notifications</button>
      </>
    );
  }
  if (support.kind === "can-ask") {
    return (
      <>
        <p data-testid="reminder-mode">This device: calendar only for now; it can also notify you if you have not checked in.</p>
        <button type="button" onClick={onTurnOn}>Also notify me</button>
      </>
    );
  }
  return <p data-testid="reminder-mode">This device: calendar only. {support.why}</p>;
}
