import { describe, expect, it } from "vitest";
import { extractFeatures, FeatureExtractionError, type FeatureSource } from "./extract";
import { FEATURE_SPECS, type FeatureName } from "./feature-specs";
import { FEATURE_WINDOW_DAYS, historyWindowStart } from "./history-window";
import { browserTimeZone, localDayOfInstant } from "./time-zone";

/**
 * Days are the person's local calendar days in an IANA zone, not UTC dates: `checkin_date` is stored as a UTC instant,
 * and a 21:00 New York check-in is already tomorrow in UTC.
 */
const at = (instant: string, over: Partial<FeatureSource> = {}): FeatureSource => ({
  checkin_date: instant,
  mood: 6,
  energy: 5,
  stress: 4,
  sleep_hours: 7.5,
  activity_minutes: 30,
  ...over,
});

function named(timeZone: string, current: FeatureSource, history: FeatureSource[] = []): Record<FeatureName, number> {
  const row = extractFeatures(FEATURE_SPECS, current, history, { timeZone });
  return Object.fromEntries(FEATURE_SPECS.map((f, i) => [f.name, row[i]])) as Record<FeatureName, number>;
}

const MON = 0;
const TUE = 1;
const SAT = 5;
const SUN = 6;

describe("local calendar days", () => {
  it("puts 21:00 on a Monday in New York on Monday, not on Tuesday (its UTC date)", () => {
    const mondayEvening = at("2026-03-03T02:00:00.000Z"); // Mon 2026-03-02 21:00 EST
    expect(named("America/New_York", mondayEvening).day_of_week).toBe(MON);
    expect(named("UTC", mondayEvening).day_of_week).toBe(TUE);
    // PostgREST's spelling of the same instant gives the same day.
    expect(named("America/New_York", at("2026-03-03T02:00:00+00:00")).day_of_week).toBe(MON);
  });

  it("counts two check-ins of one local day as one day even when UTC splits them", () => {
    const history = [
      at("2026-03-03T02:00:00.000Z", { mood: 3 }), // Mon 21:00 EST (Tuesday in UTC)
      at("2026-03-02T23:00:00.000Z", { mood: 9 }), // Mon 18:00 EST (Monday in UTC)
    ];
    const wednesday = at("2026-03-05T01:00:00.000Z"); // Wed 2026-03-04 20:00 EST
    const local = named("America/New_York", wednesday, history);
    expect(local.checkins_last_7d).toBe(1);
    expect(local.checkins_last_28d).toBe(1);
    expect(local.days_since_last_checkin).toBe(2);
    expect(local.mood_mean_3d).toBe(3); // Monday counts once, by its latest check-in (21:00 EST, mood 3)
    const utc = named("UTC", wednesday, history);
    expect(utc.checkins_last_7d).toBe(2);
    expect(utc.checkins_last_28d).toBe(2);
  });

  it("puts 08:00 in Tokyo on its own date, the day after its UTC date", () => {
    const mondayMorning = at("2026-03-01T23:00:00.000Z"); // Mon 2026-03-02 08:00 JST
    expect(named("Asia/Tokyo", mondayMorning).day_of_week).toBe(MON);
    expect(named("UTC", mondayMorning).day_of_week).toBe(SUN);
    // Sunday 09:00 JST and Monday 08:00 JST: one day apart in Tokyo, the same date in UTC.
    const tokyo = named("Asia/Tokyo", mondayMorning, [at("2026-03-01T00:00:00.000Z")]);
    expect(tokyo.days_since_last_checkin).toBe(1);
    expect(tokyo.checkins_last_7d).toBe(1);
    // In UTC both are on 2026-03-01: the earlier one is folded into today, as if it had not happened.
    expect(named("UTC", mondayMorning, [at("2026-03-01T00:00:00.000Z")]).days_since_last_checkin).toBeNaN();
  });

  describe("across DST changes", () => {
    it("America/New_York, spring forward (2026-03-08, a 23-hour Sunday)", () => {
      const saturdayLate = at("2026-03-08T04:30:00.000Z"); // Sat 23:30 EST
      const sundayLate = at("2026-03-09T03:30:00.000Z"); // Sun 23:30 EDT
      const mondayEarly = at("2026-03-09T04:30:00.000Z"); // Mon 00:30 EDT, 24 h after Saturday 23:30
      const ny = "America/New_York";
      expect(named(ny, saturdayLate).day_of_week).toBe(SAT);
      expect(named(ny, sundayLate).day_of_week).toBe(SUN);
      expect(named(ny, mondayEarly).day_of_week).toBe(MON);
      // 24 hours, but Saturday → Monday on the wall calendar.
      expect(named(ny, mondayEarly, [saturdayLate]).days_since_last_checkin).toBe(2);
      expect(named(ny, mondayEarly, [sundayLate, saturdayLate]).checkins_last_7d).toBe(2);
    });

    it("America/New_York, fall back (2026-11-01, a 25-hour Sunday with 01:30 twice)", () => {
      const ny = "America/New_York";
      const sunday = [
        at("2026-11-01T04:30:00.000Z"), // 00:30 EDT
        at("2026-11-01T05:30:00.000Z"), // 01:30 EDT
        at("2026-11-01T06:30:00.000Z"), // 01:30 EST, the second one
        at("2026-11-02T04:30:00.000Z"), // 23:30 EST, 24 h after 00:30 EDT and still Sunday
      ];
      for (const c of sunday) expect(named(ny, c).day_of_week).toBe(SUN);
      const last = sunday[3] as FeatureSource;
      const f = named(ny, last, sunday.slice(0, 3));
      expect(f.days_since_last_checkin).toBeNaN(); // three earlier check-ins, all on this Sunday: no earlier day
      expect(f.checkins_last_7d).toBe(0);
      const monday = named(ny, at("2026-11-02T14:00:00.000Z"), sunday); // Mon 09:00 EST
      expect(monday.day_of_week).toBe(MON);
      expect(monday.checkins_last_7d).toBe(1);
      expect(monday.days_since_last_checkin).toBe(1);
    });

    it("Europe/Berlin, both changes (2026-03-29 and 2026-10-25)", () => {
      const berlin = "Europe/Berlin";
      expect(named(berlin, at("2026-03-28T23:30:00.000Z")).day_of_week).toBe(SUN); // Sun 00:30 CET, Saturday in UTC
      expect(named(berlin, at("2026-03-29T21:30:00.000Z")).day_of_week).toBe(SUN); // Sun 23:30 CEST
      expect(named(berlin, at("2026-03-29T22:30:00.000Z")).day_of_week).toBe(MON); // Mon 00:30 CEST, Sunday in UTC
      expect(named(berlin, at("2026-10-25T22:30:00.000Z")).day_of_week).toBe(SUN); // Sun 23:30 CET
      expect(named(berlin, at("2026-10-25T23:30:00.000Z")).day_of_week).toBe(MON); // Mon 00:30 CET
      const f = named(berlin, at("2026-10-26T08:00:00.000Z"), [at("2026-10-24T22:30:00.000Z"), at("2026-10-25T22:30:00.000Z")]);
      expect(f.checkins_last_7d).toBe(1); // Sun 00:30 CEST and Sun 23:30 CET: one Sunday
    });
  });

  it("reads a timestamp without an offset (a wall-clock reading) and a bare date as written", () => {
    expect(named("Asia/Tokyo", at("2026-03-02T23:30:00")).day_of_week).toBe(MON);
    expect(named("America/New_York", at("2026-03-02")).day_of_week).toBe(MON);
  });

  it("agrees with the UTC date in the zone UTC (what the training pipeline uses)", () => {
    for (const iso of ["2026-03-02T00:00:00.000Z", "2026-03-02T23:59:59.999Z", "1999-12-31T12:00:00Z", "2026-03-02T05:00:00+05:00"]) {
      expect(localDayOfInstant(Date.parse(iso), "UTC")).toBe(Math.floor(Date.parse(iso) / 86_400_000));
    }
  });

  it("gives the same answer as a fresh Intl.DateTimeFormat for many instants and zones", () => {
    const zones = ["America/New_York", "Europe/Berlin", "Asia/Tokyo", "Asia/Kolkata", "Pacific/Chatham", "America/St_Johns", "Pacific/Kiritimati"];
    for (const zone of zones) {
      const reference = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 7 * 3_600_000 + 13 * 60_000) {
        expect(localDayOfInstant(ms, zone)).toBe(Date.parse(`${reference.format(ms)}T00:00:00Z`) / 86_400_000);
      }
    }
  });

  it("knows the zone this process runs in", () => {
    expect(browserTimeZone()).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});

describe("historyWindowStart", () => {
  it("is local midnight of the day 28 days before the check-in's local day", () => {
    expect(FEATURE_WINDOW_DAYS).toBe(28);
    expect(historyWindowStart("2026-03-30T12:00:00.000Z", "UTC")).toBe("2026-03-02T00:00:00.000Z");
    // Mon 2026-03-30 21:00 EDT (Tuesday in UTC) → Mon 2026-03-02 00:00 EST.
    expect(historyWindowStart("2026-03-31T01:00:00.000Z", "America/New_York")).toBe("2026-03-02T05:00:00.000Z");
    // Mon 2026-03-30 08:00 JST (Sunday in UTC) → Mon 2026-03-02 00:00 JST.
    expect(historyWindowStart("2026-03-29T23:00:00.000Z", "Asia/Tokyo")).toBe("2026-03-01T15:00:00.000Z");
  });

  it("crosses DST changes by local calendar days, not by 28 × 24 hours", () => {
    // Spring forward inside the window: local midnight was EST (−5), the check-in is EDT (−4).
    expect(historyWindowStart("2026-03-30T16:00:00.000Z", "America/New_York")).toBe("2026-03-02T05:00:00.000Z");
    // Fall back inside the window: 2026-10-23 00:00 EDT, from a check-in in EST.
    expect(historyWindowStart("2026-11-20T15:00:00.000Z", "America/New_York")).toBe("2026-10-23T04:00:00.000Z");
    // Berlin: 2026-03-13 00:00 CET from 2026-04-10 12:00 CEST.
    expect(historyWindowStart("2026-04-10T10:00:00.000Z", "Europe/Berlin")).toBe("2026-03-12T23:00:00.000Z");
    // The window starts on a DST day itself: 2026-11-01 00:00 EDT (the day is 25 hours long).
    expect(historyWindowStart("2026-11-29T17:00:00.000Z", "America/New_York")).toBe("2026-11-01T04:00:00.000Z");
    // Havana springs forward at midnight: 2026-03-08 has no 00:00 and starts at 01:00 CDT.
    expect(historyWindowStart("2026-04-05T16:00:00.000Z", "America/Havana")).toBe("2026-03-08T05:00:00.000Z");
  });

  it("is exactly the boundary where a check-in stops counting in checkins_last_28d", () => {
    for (const [zone, current] of [
      ["America/New_York", "2026-03-31T03:30:00.000Z"], // Mon 23:30 EDT
      ["America/New_York", "2026-11-25T02:00:00.000Z"],
      ["Europe/Berlin", "2026-04-20T21:59:00.000Z"],
      ["Asia/Tokyo", "2026-03-29T15:00:00.000Z"],
      ["Australia/Lord_Howe", "2026-04-30T13:00:00.000Z"], // half-hour DST
    ] as const) {
      const start = Date.parse(historyWindowStart(current, zone));
      const count = (instant: number) => named(zone, at(current), [at(new Date(instant).toISOString())]).checkins_last_28d;
      expect(count(start), `${zone} ${current}: at the start`).toBe(1);
      expect(count(start - 1), `${zone} ${current}: 1 ms before`).toBe(0);
      expect(localDayOfInstant(start, zone)).toBe(localDayOfInstant(Date.parse(current), zone) - FEATURE_WINDOW_DAYS);
    }
  });

  it("rejects an invalid zone or date with a clear error", () => {
    expect(() => historyWindowStart("2026-03-30T12:00:00Z", "Mars/Olympus_Mons")).toThrowError(FeatureExtractionError);
    expect(() => historyWindowStart("2026-03-30T12:00:00Z", "Mars/Olympus_Mons")).toThrowError(/IANA time zone name.*"Mars\/Olympus_Mons"/);
    expect(() => historyWindowStart("yesterday", "UTC")).toThrowError(/"yesterday" is not a valid ISO 8601 date/);
  });
});

describe("extractFeatures requires a valid time zone", () => {
  const current = at("2026-03-03T02:00:00.000Z");
  const cases: [string, unknown, RegExp][] = [
    ["no options", undefined, /options must be \{ timeZone/],
    ["no zone", {}, /options\.timeZone must be an IANA time zone name .* got undefined/],
    ["an empty zone", { timeZone: "" }, /options\.timeZone must be an IANA time zone name .* got ""/],
    ["an unknown zone", { timeZone: "America/Springfield" }, /got "America\/Springfield"/],
    ["an offset instead of a zone", { timeZone: 5 }, /got number/],
  ];
  it.each(cases)("%s", (_label, options, message) => {
    const run = () => extractFeatures(FEATURE_SPECS, current, [], options as { timeZone: string });
    expect(run).toThrowError(FeatureExtractionError);
    expect(run).toThrowError(message);
  });

  it("still rejects dates that do not exist or are not ISO 8601", () => {
    for (const bad of ["2026-02-30T10:00:00Z", "2026-03-02T25:00:00Z", "2026-03-02T10:00:00+25:00", "03/10/2026", "2026-03-02T10:00:00 EST"]) {
      expect(() => named("America/New_York", at(bad)), bad).toThrowError(/is not a valid ISO 8601 date/);
    }
  });
});
