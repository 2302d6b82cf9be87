import { describe, expect, it } from "vitest";
import type { FeatureSpec } from "@/lib/models/manifest-schema";
import { extractFeatures, FeatureExtractionError, type FeatureSource } from "./extract";
import { FEATURE_SPECS, type FeatureName } from "./feature-specs";

const UTC = { timeZone: "UTC" };

const checkIn = (date: string, over: Partial<FeatureSource> = {}): FeatureSource => ({
  checkin_date: `${date}T20:00:00Z`,
  mood: 6,
  energy: 5,
  stress: 4,
  sleep_hours: 7.5,
  activity_minutes: 30,
  ...over,
});

/** The row as a name → value map, for readable assertions. */
function named(current: FeatureSource, history: FeatureSource[] = []): Record<FeatureName, number> {
  const row = extractFeatures(FEATURE_SPECS, current, history, UTC);
  return Object.fromEntries(FEATURE_SPECS.map((f, i) => [f.name, row[i]])) as Record<FeatureName, number>;
}

describe("extractFeatures", () => {
  it("returns a Float32Array in the order of the given feature list", () => {
    const row = extractFeatures(FEATURE_SPECS, checkIn("2026-03-02"), [], UTC);
    expect(row).toBeInstanceOf(Float32Array);
    expect(row).toHaveLength(FEATURE_SPECS.length);
    const reversed = [...FEATURE_SPECS].reverse();
    expect(Array.from(extractFeatures(reversed, checkIn("2026-03-02"), [], UTC))).toEqual(Array.from(row).reverse());
  });

  it("copies today's fields and reads the weekday from the check-in's local date", () => {
    const f = named(checkIn("2026-03-02", { mood: 3, energy: 8, stress: 9, sleep_hours: 6.5, activity_minutes: 45 }));
    expect([f.mood, f.energy, f.stress, f.sleep_hours, f.activity_minutes]).toEqual([3, 8, 9, 6.5, 45]);
    expect(f.day_of_week).toBe(0); // 2026-03-02 is a Monday
  });

  it("gives NaN for empty sleep and activity and for every history feature without history", () => {
    const f = named(checkIn("2026-03-02", { sleep_hours: null, activity_minutes: null }));
    expect(f.sleep_hours).toBeNaN();
    expect(f.activity_minutes).toBeNaN();
    for (const name of ["mood_mean_3d", "mood_mean_7d", "sleep_mean_7d", "mood_trend_7d", "days_since_last_checkin"] as const) {
      expect(f[name]).toBeNaN();
    }
    expect(f.checkins_last_7d).toBe(0);
    expect(f.checkins_last_28d).toBe(0);
    expect(f.high_stress_days_7d).toBe(0);
  });

  it("computes windowed means, counts and days since the last check-in from dated history", () => {
    const history = [
      checkIn("2026-03-09", { mood: 4, stress: 8, sleep_hours: null }), // 1 day ago
      checkIn("2026-03-07", { mood: 8, stress: 9, sleep_hours: 6 }), // 3 days ago
      checkIn("2026-03-05", { mood: 2, stress: 2, sleep_hours: 8 }), // 5 days ago
      checkIn("2026-02-20", { mood: 10, stress: 1 }), // 18 days ago
    ];
    const f = named(checkIn("2026-03-10", { stress: 8 }), history);
    expect(f.mood_mean_3d).toBeCloseTo((4 + 8) / 2, 6);
    expect(f.mood_mean_7d).toBeCloseTo((4 + 8 + 2) / 3, 6);
    expect(f.sleep_mean_3d).toBe(6); // the empty sleep is skipped, not counted as 0
    expect(f.sleep_mean_7d).toBe(7);
    expect(f.days_since_last_checkin).toBe(1);
    expect(f.checkins_last_7d).toBe(3);
    expect(f.checkins_last_28d).toBe(4);
    expect(f.high_stress_days_7d).toBe(3); // today, 1 and 3 days ago
  });

  it("does not depend on the order of the history", () => {
    const history = [checkIn("2026-03-09", { mood: 4 }), checkIn("2026-03-06", { mood: 9 }), checkIn("2026-03-08", { mood: 1 })];
    const a = extractFeatures(FEATURE_SPECS, checkIn("2026-03-10"), history, UTC);
    const b = extractFeatures(FEATURE_SPECS, checkIn("2026-03-10"), [...history].reverse(), UTC);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it("measures the 7-day trend as a least-squares slope in points per day", () => {
    const history = [checkIn("2026-03-09", { mood: 5 }), checkIn("2026-03-08", { mood: 4 }), checkIn("2026-03-07", { mood: 3 })];
    expect(named(checkIn("2026-03-10", { mood: 6 }), history).mood_trend_7d).toBeCloseTo(1, 6);
    // Older than 6 days does not count: only today remains, and one day has no slope.
    expect(named(checkIn("2026-03-20", { mood: 6 }), history).mood_trend_7d).toBeNaN();
  });

  it("folds an earlier check-in of the same day into today: the latest check-in is today, and adds nothing else", () => {
    const morning = { ...checkIn("2026-03-10", { mood: 2, stress: 9, sleep_hours: 4 }), checkin_date: "2026-03-10T07:00:00Z" };
    const evening = checkIn("2026-03-10", { mood: 8 });
    const f = named(evening, [morning]);
    expect([f.mood, f.stress, f.sleep_hours]).toEqual([8, 4, 7.5]); // the evening's own values, none of the morning's
    expect(f.days_since_last_checkin).toBeNaN(); // no earlier day: exactly like a first check-in alone
    expect(f.checkins_last_7d).toBe(0);
    expect(f.mood_trend_7d).toBeNaN();
    expect(f.high_stress_days_7d).toBe(0); // the morning's stress 9 is not a day of its own
    expect(Array.from(extractFeatures(FEATURE_SPECS, evening, [morning], UTC))).toEqual(Array.from(extractFeatures(FEATURE_SPECS, evening, [], UTC)));
  });

  it("counts an earlier day once, by its latest check-in, in means, trends, counts and days since", () => {
    const history = [
      { ...checkIn("2026-03-09", { mood: 2, stress: 9 }), checkin_date: "2026-03-09T08:00:00Z" },
      { ...checkIn("2026-03-09", { mood: 4, stress: 5 }), checkin_date: "2026-03-09T21:30:00Z" }, // the later one counts
      checkIn("2026-03-07", { mood: 8 }),
    ];
    const f = named(checkIn("2026-03-10", { mood: 6 }), history);
    expect(f.mood_mean_3d).toBe(6); // (4 + 8) / 2, not (2 + 4 + 8) / 3
    expect(f.stress_mean_7d).toBeCloseTo((5 + 4) / 2, 6);
    expect(f.high_stress_days_7d).toBe(0); // the 9 at 08:00 was not Monday's last word
    expect(f.days_since_last_checkin).toBe(1);
    expect(f.checkins_last_7d).toBe(2);
    const oneEach = named(checkIn("2026-03-10", { mood: 6 }), [history[1]!, history[2]!]);
    expect(oneEach).toEqual(f);
  });

  it("caps days since the last check-in at the declared maximum", () => {
    expect(named(checkIn("2026-03-10"), [checkIn("2020-01-01")]).days_since_last_checkin).toBe(365);
  });

  it("clamps derived values to a narrower range a replaced model declares", () => {
    const narrow: FeatureSpec[] = [{ name: "days_since_last_checkin", unit: "days", description: "", min: 0, max: 30 }];
    expect(Array.from(extractFeatures(narrow, checkIn("2026-03-10"), [checkIn("2026-01-01")], UTC))).toEqual([30]);
  });
});

describe("extractFeatures rejects bad input with a clear error", () => {
  const cases: [string, () => unknown, RegExp][] = [
    ["mood above 10", () => named(checkIn("2026-03-10", { mood: 11 })), /current check-in\.mood is 11, outside its range 1 to 10/],
    ["negative sleep", () => named(checkIn("2026-03-10", { sleep_hours: -1 })), /sleep_hours is -1, outside its range 0 to 24/],
    ["activity beyond a day", () => named(checkIn("2026-03-10", { activity_minutes: 2000 })), /activity_minutes is 2000/],
    ["a string score", () => named(checkIn("2026-03-10", { mood: "5" as unknown as number })), /mood must be a finite number.*got string/],
    ["NaN energy", () => named(checkIn("2026-03-10", { energy: Number.NaN })), /energy must be a finite number.*got NaN/],
    ["undefined stress", () => named({ ...checkIn("2026-03-10"), stress: undefined as unknown as number }), /stress must be a finite number.*got undefined/],
    ["undefined sleep (not null)", () => named({ ...checkIn("2026-03-10"), sleep_hours: undefined as unknown as null }), /sleep_hours must be a finite number from 0 to 24 or null/],
    ["an impossible date", () => named({ ...checkIn("2026-03-10"), checkin_date: "2026-02-30T10:00:00Z" }), /"2026-02-30T10:00:00Z" is not a valid ISO 8601 date/],
    ["a non-ISO date", () => named({ ...checkIn("2026-03-10"), checkin_date: "03/10/2026" }), /not a valid ISO 8601 date/],
    ["a numeric date", () => named({ ...checkIn("2026-03-10"), checkin_date: 1 as unknown as string }), /checkin_date must be an ISO 8601 date string/],
    ["a null check-in", () => extractFeatures(FEATURE_SPECS, null as unknown as FeatureSource, [], UTC), /current check-in must be a check-in object, got null/],
    ["bad history entry", () => named(checkIn("2026-03-10"), [checkIn("2026-03-09", { stress: 0 })]), /history\[0\]\.stress is 0/],
    ["history after today", () => named(checkIn("2026-03-10"), [checkIn("2026-03-11")]), /history\[0\] is dated after the current check-in/],
    ["history not an array", () => extractFeatures(FEATURE_SPECS, checkIn("2026-03-10"), null as unknown as FeatureSource[], UTC), /history must be an array/],
    [
      "an unknown feature",
      () => extractFeatures([{ name: "heart_rate", unit: "bpm", description: "", min: 0, max: 250 }], checkIn("2026-03-10"), [], UTC),
      /Unknown feature "heart_rate".*Update the app or the model/,
    ],
  ];
  it.each(cases)("%s", (_label, run, message) => {
    expect(run).toThrowError(FeatureExtractionError);
    expect(run).toThrowError(message);
  });
});

// Rows imported from Daylio have no energy or stress (the form always fills them): missing, never zero.
describe("extractFeatures with check-ins that have no energy or stress", () => {
  const blank = { energy: null, stress: null };

  it("averages and trends only the days that have them, NaN when none does", () => {
    const f = named(checkIn("2026-03-10", { energy: 8, stress: 9 }), [
      checkIn("2026-03-09", blank),
      checkIn("2026-03-08", { energy: 4, stress: 2 }),
      checkIn("2026-03-07", blank),
      checkIn("2026-03-05", { energy: 6, stress: 8 }),
    ]);
    expect(f.energy_mean_3d).toBe(4); // the 8th alone; a zero for the 9th would make it 2
    expect(f.stress_mean_3d).toBe(2);
    expect(f.energy_mean_7d).toBe(5);
    expect(f.stress_mean_7d).toBe(5);
    expect(f.mood_mean_3d).toBe(6); // mood is there on every day
    expect(f.checkins_last_7d).toBe(4); // an imported day is a day with a check-in
    expect(f.high_stress_days_7d).toBe(2); // today (9) and the 5th (8); the blank days are not known to be high
    // Slope of energy over (5th: 6, 8th: 4, 10th: 8) only.
    expect(f.energy_trend_7d).toBeCloseTo(slopeOf([[5, 6], [8, 4], [10, 8]]), 6);

    const onlyBlank = named(checkIn("2026-03-10"), [checkIn("2026-03-09", blank), checkIn("2026-03-08", blank)]);
    for (const name of ["energy_mean_3d", "energy_mean_7d", "stress_mean_3d", "stress_mean_7d", "energy_trend_7d", "stress_trend_7d"] as const) {
      expect(onlyBlank[name]).toBeNaN();
    }
    expect(onlyBlank.mood_trend_7d).toBe(0);
  });

  it("gives NaN for today's energy and stress when the current row is one of them (personal models read such rows)", () => {
    const f = named(checkIn("2026-03-10", blank));
    expect(f.energy).toBeNaN();
    expect(f.stress).toBeNaN();
    expect(f.high_stress_days_7d).toBeNaN();
    expect(f.mood).toBe(6);
  });

  it("still refuses energy out of range or not a number", () => {
    expect(() => named(checkIn("2026-03-10", { energy: 0 }))).toThrowError(FeatureExtractionError);
    expect(() => named(checkIn("2026-03-10", { stress: undefined as unknown as number }))).toThrowError(/stress must be a finite number from 1 to 10 or null, got undefined/);
  });
});

function slopeOf(points: [number, number][]): number {
  const mx = points.reduce((s, [x]) => s + x, 0) / points.length;
  const my = points.reduce((s, [, y]) => s + y, 0) / points.length;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxy / sxx;
}
