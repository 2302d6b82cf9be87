import { describe, expect, it } from "vitest";
import { localDayOfInstant } from "@/lib/features/time-zone";
import { shouldNotify } from "./should-notify";

const NY = "America/New_York";
const at = (iso: string) => Date.parse(iso);
const base = { reminderTime: "20:00" as const, timeZone: NY, checkInDates: [] as string[], lastNotifiedDay: null };

describe("shouldNotify: the reminder's rule", () => {
  it("stays silent before the reminder's local time and speaks once it has passed", () => {
    // 19:59 and 20:00 in New York (EST, UTC-5).
    expect(shouldNotify({ ...base, now: at("2026-12-08T00:59:00Z") })).toEqual({ notify: false, reason: "not-yet" });
    expect(shouldNotify({ ...base, now: at("2026-12-08T01:00:00Z") })).toEqual({ notify: true, day: localDayOfInstant(at("2026-12-08T01:00:00Z"), NY) });
    // Still on that local day at 23:59: late is better than never.
    expect(shouldNotify({ ...base, now: at("2026-12-08T04:59:00Z") }).notify).toBe(true);
  });

  it("reads the time on the device's wall clock: the same instant is past 20:00 in New York but not in Los Angeles", () => {
    const now = at("2026-12-08T01:30:00Z"); // 20:30 in New York, 17:30 in Los Angeles
    expect(shouldNotify({ ...base, now }).notify).toBe(true);
    expect(shouldNotify({ ...base, now, timeZone: "America/Los_Angeles" })).toEqual({ notify: false, reason: "not-yet" });
  });

  it("says nothing when there is a check-in on today's local date, whatever its UTC date", () => {
    const now = at("2026-12-08T02:00:00Z"); // 21:00 on Dec 7 in New York
    // 19:30 on Dec 7 in New York is Dec 8 in UTC: still today there.
    expect(shouldNotify({ ...base, now, checkInDates: ["2026-12-08T00:30:00.000Z"] })).toEqual({ notify: false, reason: "checked-in" });
    // Yesterday evening's check-in (Dec 6 local) does not count for today.
    expect(shouldNotify({ ...base, now, checkInDates: ["2026-12-07T01:00:00.000Z"] }).notify).toBe(true);
  });

  it("speaks at most once a day", () => {
    const now = at("2026-12-08T02:00:00Z");
    const first = shouldNotify({ ...base, now });
    expect(first.notify).toBe(true);
    const day = first.notify ? first.day : -1;
    expect(shouldNotify({ ...base, now: now + 3_600_000, lastNotifiedDay: day })).toEqual({ notify: false, reason: "already-notified" });
    // The next evening it speaks again.
    expect(shouldNotify({ ...base, now: now + 86_400_000, lastNotifiedDay: day }).notify).toBe(true);
  });

  it("says nothing without a reminder", () => {
    expect(shouldNotify({ ...base, reminderTime: null, now: at("2026-12-08T02:00:00Z") })).toEqual({ notify: false, reason: "no-reminder" });
  });

  it("fires on a spring-forward day whose jump skips the reminder's time (02:30 on 2027-03-14 in New York)", () => {
    const early = { ...base, reminderTime: "02:30" as const };
    // 01:59 EST, then the clock jumps to 03:00 EDT.
    expect(shouldNotify({ ...early, now: at("2027-03-14T06:59:00Z") }).notify).toBe(false);
    expect(shouldNotify({ ...early, now: at("2027-03-14T07:00:00Z") }).notify).toBe(true);
  });

  it("uses the local day in zones east of UTC (Tokyo: 08:00 on Dec 8 is Dec 7 in UTC)", () => {
    const now = at("2026-12-07T23:00:00Z");
    const tokyo = { ...base, reminderTime: "07:30" as const, timeZone: "Asia/Tokyo" };
    expect(shouldNotify({ ...tokyo, now }).notify).toBe(true);
    expect(shouldNotify({ ...tokyo, now, checkInDates: ["2026-12-07T22:45:00.000Z"] })).toEqual({ notify: false, reason: "checked-in" });
  });
});
