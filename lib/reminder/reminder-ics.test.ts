import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { foldLine } from "./ics-text";
import { reminderIcs } from "./reminder-ics";

const APP = "https://checkin.example/";
// 2026-12-07 19:00 UTC: 14:00 in New York (EST), 06:00 on the 8th in Sydney (AEDT).
const NOW = Date.parse("2026-12-07T19:00:00Z");

/** Parses the file with ical.js, registering its VTIMEZONE the way a calendar app would read it. */
function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const zone = calendar.getFirstSubcomponent("vtimezone");
  if (!zone) throw new Error("no VTIMEZONE");
  const timezone = new ICAL.Timezone(zone);
  const vevent = calendar.getFirstSubcomponent("vevent");
  if (!vevent) throw new Error("no VEVENT");
  const event = new ICAL.Event(vevent);
  // The event's DTSTART names the zone by TZID; point it at the parsed VTIMEZONE rather than ical.js's registry.
  event.startDate.zone = timezone;
  return { calendar, vevent, event, timezone };
}

/** The event's occurrences whose local date is one of `dates` ("2027-03-14"), as UTC instants. */
function occurrencesOn(event: ICAL.Event, dates: string[]): Map<string, string> {
  const found = new Map<string, string>();
  const it = event.iterator();
  for (let next = it.next(); next && found.size < dates.length; next = it.next()) {
    const local = `${String(next.year).padStart(4, "0")}-${String(next.month).padStart(2, "0")}-${String(next.day).padStart(2, "0")}`;
    if (dates.includes(local)) found.set(local, next.toJSDate().toISOString());
    if (local > dates[dates.length - 1]!) break;
  }
  return found;
}

describe("the reminder's .ics", () => {
  it("is a daily event at the chosen local time in New York, on both sides of DST", () => {
    const ics = reminderIcs({ time: "20:30", timeZone: "America/New_York", appUrl: APP, now: NOW });
    const { vevent, event } = parse(ics);
    expect(vevent.getFirstPropertyValue("rrule")?.toString()).toBe("FREQ=DAILY");
    expect(event.startDate.toString()).toBe("2026-12-07T20:30:00");
    expect(vevent.getFirstProperty("dtstart")?.getParameter("tzid")).toBe("America/New_York");
    // 20:30 local every day: 01:30Z next day in winter (EST, -5), 00:30Z in summer (EDT, -4); the day before, of and
    // after each 2027 change.
    const got = occurrencesOn(event, ["2027-03-13", "2027-03-14", "2027-03-15", "2027-07-01", "2027-11-06", "2027-11-07"]);
    expect(Object.fromEntries(got)).toEqual({
      "2027-03-13": "2027-03-14T01:30:00.000Z",
      "2027-03-14": "2027-03-15T00:30:00.000Z",
      "2027-03-15": "2027-03-16T00:30:00.000Z",
      "2027-07-01": "2027-07-02T00:30:00.000Z",
      "2027-11-06": "2027-11-07T00:30:00.000Z",
      "2027-11-07": "2027-11-08T01:30:00.000Z",
    });
  });

  it("keeps the DST rules beyond the years it searched (a yearly RRULE, not a list)", () => {
    const { event } = parse(reminderIcs({ time: "08:00", timeZone: "America/New_York", appUrl: APP, now: NOW }));
    // 2045: second Sunday of March is the 12th (the search covered 2026-2037).
    const got = occurrencesOn(event, ["2045-03-11", "2045-03-12"]);
    expect(Object.fromEntries(got)).toEqual({ "2045-03-11": "2045-03-11T13:00:00.000Z", "2045-03-12": "2045-03-12T12:00:00.000Z" });
  });

  it("follows the southern hemisphere's DST (Sydney) and starts on the local date there", () => {
    const { event } = parse(reminderIcs({ time: "07:15", timeZone: "Australia/Sydney", appUrl: APP, now: NOW }));
    expect(event.startDate.toString()).toBe("2026-12-08T07:15:00");
    // AEDT (+11) until the first Sunday of April 2027 (the 4th), AEST (+10) after.
    const got = occurrencesOn(event, ["2027-04-03", "2027-04-04"]);
    expect(Object.fromEntries(got)).toEqual({ "2027-04-03": "2027-04-02T20:15:00.000Z", "2027-04-04": "2027-04-03T21:15:00.000Z" });
  });

  it("works for a zone without DST (Asia/Kolkata, +05:30)", () => {
    const { event } = parse(reminderIcs({ time: "21:00", timeZone: "Asia/Kolkata", appUrl: APP, now: NOW }));
    const got = occurrencesOn(event, ["2027-01-01", "2027-07-01"]);
    expect(Object.fromEntries(got)).toEqual({ "2027-01-01": "2027-01-01T15:30:00.000Z", "2027-07-01": "2027-07-01T15:30:00.000Z" });
  });

  it("links back to the app, has a UID, a DTSTAMP and an alarm", () => {
    const { vevent, calendar } = parse(reminderIcs({ time: "20:30", timeZone: "Europe/Berlin", appUrl: APP, now: NOW }));
    expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
    expect(vevent.getFirstPropertyValue("url")).toBe(APP);
    expect(String(vevent.getFirstPropertyValue("description"))).toContain(APP);
    expect(vevent.getFirstPropertyValue("uid")).toBe("daily-check-in-reminder@checkin.example");
    expect(vevent.getFirstPropertyValue("dtstamp")?.toString()).toBe("2026-12-07T19:00:00Z");
    expect(vevent.getFirstSubcomponent("valarm")?.getFirstPropertyValue("action")).toBe("DISPLAY");
  });

  it("ends every line with CRLF and folds none longer than 75 octets", () => {
    const ics = reminderIcs({ time: "20:30", timeZone: "America/Argentina/ComodRivadavia", appUrl: `${APP}?from=calendar-reminder-with-a-long-address-to-fold`, now: NOW });
    expect(ics.endsWith("\r\n")).toBe(true);
    const lines = ics.split("\r\n").slice(0, -1);
    expect(lines.every((l) => !l.includes("\n") && !l.includes("\r"))).toBe(true);
    expect(Math.max(...lines.map((l) => new TextEncoder().encode(l).length))).toBeLessThanOrEqual(75);
    expect(lines.some((l) => l.startsWith(" "))).toBe(true);
    // Unfolded, the URL is whole again.
    expect(parse(ics).vevent.getFirstPropertyValue("url")).toBe(`${APP}?from=calendar-reminder-with-a-long-address-to-fold`);
  });
});

describe("RFC 5545 text", () => {
  it("folds at 75 octets without splitting a UTF-8 character", () => {
    const line = `DESCRIPTION:${"é".repeat(60)}`;
    const folded = foldLine(line).split("\r\n");
    for (const piece of folded) expect(new TextEncoder().encode(piece).length).toBeLessThanOrEqual(75);
    expect(folded.map((p, i) => (i === 0 ? p : p.slice(1))).join("")).toBe(line);
  });

  it("escapes commas, semicolons, backslashes and newlines so a parser gets the text back", () => {
    const text = "a,b;c\\d\ne";
    const ics = reminderIcs({ time: "20:30", timeZone: "UTC", appUrl: APP, now: NOW }).replace(
      "SUMMARY:Daily check-in",
      `SUMMARY:${text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n")}`,
    );
    expect(parse(ics).vevent.getFirstPropertyValue("summary")).toBe(text);
  });
});
