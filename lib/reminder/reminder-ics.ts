import { contentLines, escapeText } from "./ics-text";
import type { ReminderTime } from "./reminder-time";
import { vtimezoneLines } from "./vtimezone";

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** An instant as an RFC 5545 UTC DATE-TIME ("20261207T190800Z"). */
function utcDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** Today's date on the wall calendar of `timeZone`, as year, month, day. */
function localDate(epochMs: number, timeZone: string): { year: number; month: number; day: number } {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric" }).formatToParts(epochMs);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get("year"), month: get("month"), day: get("day") };
}

/**
 * The daily reminder as an iCalendar file (RFC 5545), for any calendar app: one VEVENT at `time` on the wall clock of
 * `timeZone` (TZID, with a VTIMEZONE that carries the zone's DST rules), starting today and repeating every day
 * (RRULE:FREQ=DAILY), with an alarm at the event's start, and a URL and description that lead back to the app.
 * Made in the browser from what it already has, so it works offline, and nothing about it leaves the device unless the
 * person imports it into a calendar.
 *
 * The UID is the same for every file made for the same app address: importing a newer file (a changed time) replaces
 * the event in calendars that honour UIDs instead of adding a second one.
 */
export function reminderIcs(options: { time: ReminderTime; timeZone: string; appUrl: string; now: number }): string {
  const { time, timeZone, appUrl, now } = options;
  const { year, month, day } = localDate(now, timeZone);
  const [hh, mm] = time.split(":");
  const start = `${pad(year, 4)}${pad(month)}${pad(day)}T${hh}${mm}00`;
  const host = new URL(appUrl).host;
  const description = `Time for today's check-in: ${appUrl}`;
  return contentLines([
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Check-in//Daily reminder//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    ...vtimezoneLines(timeZone, year),
    "BEGIN:VEVENT",
    `UID:daily-check-in-reminder@${host}`,
    `DTSTAMP:${utcDateTime(now)}`,
    `DTSTART;TZID=${timeZone}:${start}`,
    "DURATION:PT5M",
    "RRULE:FREQ=DAILY",
    `SUMMARY:${escapeText("Daily check-in")}`,
    `DESCRIPTION:${escapeText(description)}`,
    `URL;VALUE=URI:${appUrl}`,
    "TRANSP:TRANSPARENT",
    "BEGIN:VALARM",
    "ACTION:DISPLAY",
    "TRIGGER:PT0M",
    `DESCRIPTION:${escapeText("Time for today's check-in")}`,
    "END:VALARM",
    "END:VEVENT",
    "END:VCALENDAR",
  ]);
}
