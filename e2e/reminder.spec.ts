import { readFileSync } from "node:fs";
import { type BrowserContext, type CDPSession, expect, type Page, test } from "@playwright/test";
import ICAL from "ical.js";
import { waitForServiceWorker } from "./fixtures/app-helpers";
import { seedTrackRecord } from "./fixtures/seed-track-record";

/**
 * The daily reminder (issue 22 item 5): the calendar file from the Reminder setting, and the notification path through
 * the real service worker — the periodic sync event dispatched by the test over CDP, as Chromium dispatches it when it
 * wakes an installed app.
 */

const TAG = "daily-check-in-reminder";

async function openReminder(page: Page): Promise<void> {
  await page.goto("/your-data");
  await waitForServiceWorker(page);
  await expect(page.getByRole("heading", { name: "Reminder" })).toBeVisible();
}

/**
 * Chromium grants periodic-background-sync only to an installed app; a test profile is not one. Set just that
 * permission for the app's origin (Browser.setPermission leaves the others, such as notifications, as they are).
 */
async function grantPeriodicSync(context: BrowserContext, page: Page, origin: string): Promise<void> {
  const pageSession = await context.newCDPSession(page);
  const { targetInfo } = await pageSession.send("Target.getTargetInfo");
  const browserSession = await context.browser()!.newBrowserCDPSession();
  await browserSession.send("Browser.setPermission", {
    permission: { name: "periodic-background-sync" },
    setting: "granted",
    origin,
    browserContextId: targetInfo.browserContextId,
  });
}

/** The service worker's registration id, as DevTools knows it (ServiceWorker.enable reports every registration). */
async function registrationId(cdp: CDPSession, scope: string): Promise<string> {
  const found = new Promise<string>((resolve) => {
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const r = registrations.find((x) => x.scopeURL === scope && !x.isDeleted);
      if (r) resolve(r.registrationId);
    });
  });
  await cdp.send("ServiceWorker.enable");
  return found;
}

/**
 * Dispatches the reminder's periodic sync event to the worker and waits for the worker's word that its check finished
 * (it posts { type: "reminder-checked", outcome } to its pages): DevTools answers as soon as the event is sent.
 */
async function wakeWorker(page: Page, cdp: CDPSession, origin: string, id: string): Promise<string> {
  await page.evaluate(() => {
    const w = window as unknown as { reminderChecked?: Promise<string> };
    w.reminderChecked = new Promise<string>((resolve) => {
      navigator.serviceWorker.addEventListener("message", (e: MessageEvent<{ type?: string; outcome?: string }>) => {
        if (e.data?.type === "reminder-checked") resolve(String(e.data.outcome));
      });
    });
  });
  await cdp.send("ServiceWorker.dispatchPeriodicSyncEvent", { origin, registrationId: id, tag: TAG });
  return page.evaluate(() => (window as unknown as { reminderChecked: Promise<string> }).reminderChecked);
}

const shownReminders = (page: Page) =>
  page.evaluate(async (tag) => {
    const r = await navigator.serviceWorker.ready;
    return (await r.getNotifications({ tag })).map((n) => ({ title: n.title, body: n.body }));
  }, TAG);

test.describe("in New York", () => {
  test.use({ timezoneId: "America/New_York" });

  test("Add to calendar downloads a daily event at the chosen local time, offline too", async ({ page, context }) => {
    await openReminder(page);
    await expect(page.getByRole("button", { name: "Add to calendar" })).toBeDisabled();
    await page.getByLabel("Remind me at").fill("20:30");
    await expect(page.getByRole("button", { name: "Add to calendar" })).toBeEnabled();
    // Not installed, so no Periodic Background Sync permission: calendar only, and the setting says why.
    await expect(page.getByTestId("reminder-mode")).toHaveText(/^This device: calendar only\. .*install Check-in/);

    await context.setOffline(true);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Add to calendar" }).click()]);
    await context.setOffline(false);
    expect(download.suggestedFilename()).toBe("check-in-reminder.ics");
    const ics = readFileSync((await download.path())!, "utf8");
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);

    const calendar = new ICAL.Component(ICAL.parse(ics));
    const vevent = calendar.getFirstSubcomponent("vevent")!;
    const event = new ICAL.Event(vevent);
    event.startDate.zone = new ICAL.Timezone(calendar.getFirstSubcomponent("vtimezone")!);
    expect(vevent.getFirstProperty("dtstart")?.getParameter("tzid")).toBe("America/New_York");
    expect(vevent.getFirstPropertyValue("rrule")?.toString()).toBe("FREQ=DAILY");
    expect(vevent.getFirstPropertyValue("url")).toBe(new URL("/", page.url()).href);
    // Starts today, on New York's calendar, at 20:30 there: 01:30Z the next day in winter, 00:30Z in summer.
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York" }).format(new Date());
    expect(event.startDate.toString()).toBe(`${today}T20:30:00`);
    const it = event.iterator();
    const offsets = new Set<string>();
    for (let i = 0; i < 366; i++) offsets.add(it.next()!.toJSDate().toISOString().slice(11, 16));
    expect([...offsets].sort()).toEqual(["00:30", "01:30"]);

    // Kept on this device: a reload shows the same time.
    await page.reload();
    await expect(page.getByLabel("Remind me at")).toHaveValue("20:30");
  });
});

test("notifications: the service worker reminds once after the time when there is no check-in, and the click opens the check-in page", async ({ page, context, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  await context.grantPermissions(["notifications"], { origin });
  await openReminder(page);
  await grantPeriodicSync(context, page, origin);
  // 00:00: already past today in whatever zone the worker runs in.
  await page.getByLabel("Remind me at").fill("00:00");
  // Saved once the calendar button wakes up; the reload then asks the browser afresh what it allows.
  await expect(page.getByRole("button", { name: "Add to calendar" })).toBeEnabled();
  await page.reload();
  await expect(page.getByTestId("reminder-mode")).toHaveText(/calendar only for now/);
  await page.getByRole("button", { name: "Also notify me" }).click();
  await expect(page.getByTestId("reminder-mode")).toHaveText(/^This device: calendar and notifications\./);
  expect(await page.evaluate(async (tag) => {
    const r = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & { periodicSync: { getTags(): Promise<string[]> } };
    return r.periodicSync.getTags().then((tags) => tags.includes(tag));
  }, TAG)).toBe(true);

  const cdp = await context.newCDPSession(page);
  const id = await registrationId(cdp, `${origin}/`);
  expect(await wakeWorker(page, cdp, origin, id)).toBe("notified");
  expect(await shownReminders(page)).toEqual([{ title: "Time for your check-in", body: expect.stringContaining("not checked in today") }]);
  // Once a day: a second wake-up the same day stays silent.
  expect(await wakeWorker(page, cdp, origin, id)).toBe("already-notified");

  // Headless Chromium draws no notification to click, so the click is a NotificationEvent carrying the real
  // notification, dispatched inside the real worker to the app's own handler.
  const worker = context.serviceWorkers().find((w) => w.url() === `${origin}/sw.js`)!;
  await worker.evaluate(async (tag) => {
    const sw = self as unknown as ServiceWorkerGlobalScope;
    const [notification] = await sw.registration.getNotifications({ tag });
    sw.dispatchEvent(new NotificationEvent("notificationclick", { notification: notification! }));
  }, TAG);
  await expect(page).toHaveURL(`${origin}/`);
  await expect(page.getByRole("button", { name: "Save check-in" })).toBeVisible();
  expect(await shownReminders(page)).toEqual([]);
});

test("notifications: no reminder when there is a check-in today", async ({ page, context, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  await context.grantPermissions(["notifications"], { origin });
  await openReminder(page);
  await grantPeriodicSync(context, page, origin);
  await page.getByLabel("Remind me at").fill("00:00");
  // Saved once the calendar button wakes up; the reload then asks the browser afresh what it allows.
  await expect(page.getByRole("button", { name: "Add to calendar" })).toBeEnabled();
  await page.reload();
  await page.getByRole("button", { name: "Also notify me" }).click();
  await expect(page.getByTestId("reminder-mode")).toHaveText(/calendar and notifications/);
  await seedTrackRecord(page, [{ at: new Date().toISOString(), mood: 6, energy: 5, stress: 4, sleep: 7 }]);

  const cdp = await context.newCDPSession(page);
  const id = await registrationId(cdp, `${origin}/`);
  expect(await wakeWorker(page, cdp, origin, id)).toBe("checked-in");
  expect(await shownReminders(page)).toEqual([]);
});
