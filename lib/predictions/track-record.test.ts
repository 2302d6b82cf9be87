import { describe, expect, it } from "vitest";
import type { CheckIn } from "@/lib/domain/check-in";
import type { Prediction, PredictionType } from "@/lib/domain/prediction";
import { FeatureExtractionError } from "@/lib/features/feature-extraction-error";
import { isEnergyDip, moodClassOf } from "@/lib/domain/prediction-types";
import { buildTrackRecord, localDayOfNow, type TrackEntry } from "./track-record";
import { summarizeTrackRecord, TRACK_MIN_DAYS } from "./track-record-summary";
import { moodClass } from "@/scripts/models/dataset";

const NY = "America/New_York";
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

let seq = 0;
function checkIn(checkin_date: string, v: Partial<Pick<CheckIn, "mood" | "energy" | "stress" | "sleep_hours">> = {}, id?: string): CheckIn {
  seq += 1;
  return {
    id: id ?? `c${String(seq).padStart(4, "0")}`,
    user_id: "u1",
    checkin_date: new Date(checkin_date).toISOString(),
    created_at: new Date(checkin_date).toISOString(),
    mood: v.mood ?? 6,
    energy: v.energy ?? 6,
    stress: v.stress ?? 5,
    sleep_hours: v.sleep_hours === undefined ? 7 : v.sleep_hours,
    activity_minutes: null,
    notes: null,
  };
}

type PredictionValues = { label?: string | null; score?: number; probabilities?: number[] | null; created_at?: string };
function prediction(c: CheckIn, type: PredictionType, v: PredictionValues = {}): Prediction {
  seq += 1;
  const regression = type === "stress_forecast" || type === "sleep_quality";
  return {
    id: `p${String(seq).padStart(4, "0")}`,
    user_id: c.user_id,
    checkin_id: c.id,
    prediction_type: type,
    model_name: `model_${type}`,
    model_version: "1.0.0",
    label: v.label === undefined ? (regression ? null : type === "mood_tomorrow" ? "steady" : "no") : v.label,
    score: v.score ?? (regression ? 5 : 0.7),
    probabilities: v.probabilities === undefined ? null : v.probabilities,
    created_at: v.created_at ?? c.created_at,
  };
}

/** All five predictions of a check-in, with the values that matter given. */
function allFive(c: CheckIn, v: { mood?: string; dip?: "yes" | "no"; stress?: number; sleep?: number; burnout?: string } = {}): Prediction[] {
  return [
    prediction(c, "mood_tomorrow", { label: v.mood ?? "steady" }),
    prediction(c, "burnout_risk", { label: v.burnout ?? "no" }),
    prediction(c, "sleep_quality", { score: v.sleep ?? 70 }),
    prediction(c, "stress_forecast", { score: v.stress ?? 5 }),
    prediction(c, "energy_dip", { label: v.dip ?? "no" }),
  ];
}

const find = (entries: TrackEntry[], type: PredictionType, targetDay: number) =>
  entries.find((e) => e.type === type && e.targetDay === targetDay);

describe("the training targets", () => {
  it("cuts mood into low 1-4, steady 5-7, high 8-10 (dataset.ts moodClass)", () => {
    expect([1, 4, 5, 7, 8, 10].map(moodClassOf)).toEqual(["low", "low", "steady", "steady", "high", "high"]);
    // The very function the training labels came from, with the model's label order (model-definitions.ts).
    for (let mood = 1; mood <= 10; mood++) expect(moodClassOf(mood)).toBe(["low", "steady", "high"][moodClass(mood)]);
  });
  it("calls a dip a drop of at least 2 points from the predicting day's energy", () => {
    expect(isEnergyDip(6, 4)).toBe(true);
    expect(isEnergyDip(6, 5)).toBe(false);
    expect(isEnergyDip(6, 1)).toBe(true);
    expect(isEnergyDip(2, 1)).toBe(false);
  });
});

describe("buildTrackRecord", () => {
  it("scores each prediction of day D against the check-in of day D+1", () => {
    const d1 = checkIn("2026-03-02T20:00:00Z", { mood: 6, energy: 7, stress: 4 });
    const d2 = checkIn("2026-03-03T20:00:00Z", { mood: 8, energy: 5, stress: 7 });
    const entries = buildTrackRecord({
      checkIns: [d1, d2],
      predictions: [...allFive(d1, { mood: "steady", dip: "no", stress: 5.25 }), ...allFive(d2)],
      timeZone: "UTC",
      now: Date.parse("2026-03-03T22:00:00Z"),
    });
    const target = day("2026-03-03");
    // "Tomorrow like today": d1's mood 6 is steady, and tomorrow was high.
    expect(find(entries, "mood_tomorrow", target)?.result).toEqual({
      kind: "hit", hit: false, predicted: "steady", actual: "high", pYes: null, persistence: { predicted: "steady", hit: false },
    });
    // 7 → 5 is a drop of 2: a dip the model said would not come (with 30 % for "yes": label "no" at 0.7). No check-in
    // on 1 March, so whether 2 March was a dip is unknown and persistence has nothing to say.
    expect(find(entries, "energy_dip", target)?.result).toEqual({ kind: "hit", hit: false, predicted: "no", actual: "yes", pYes: expect.closeTo(0.3, 12), persistence: null });
    // Persistence says 4 (d1's stress): off by 3.
    expect(find(entries, "stress_forecast", target)?.result).toEqual({
      kind: "error", error: 1.75, predicted: 5.25, actual: 7, persistence: { predicted: 4, error: 3 },
    });
    expect(find(entries, "sleep_quality", target)?.result.kind).toBe("unscored");
    expect(find(entries, "burnout_risk", target)?.result.kind).toBe("unscored");
    expect(find(entries, "mood_tomorrow", target)?.outcome?.id).toBe(d2.id);
    expect(find(entries, "mood_tomorrow", target)?.madeFrom.id).toBe(d1.id);
    // d2's predictions are about tomorrow (2026-03-04), which has not come yet.
    expect(find(entries, "mood_tomorrow", day("2026-03-04"))?.result).toEqual({ kind: "no-outcome-yet" });
  });

  it("counts a hit when the class matches", () => {
    const d1 = checkIn("2026-03-02T08:00:00Z", { energy: 8 });
    const d2 = checkIn("2026-03-03T08:00:00Z", { mood: 3, energy: 5 });
    const entries = buildTrackRecord({
      checkIns: [d2, d1],
      predictions: allFive(d1, { mood: "low", dip: "yes" }),
      timeZone: "UTC",
      now: Date.parse("2026-03-10T00:00:00Z"),
    });
    expect(find(entries, "mood_tomorrow", day("2026-03-03"))?.result).toMatchObject({ hit: true, actual: "low" });
    expect(find(entries, "energy_dip", day("2026-03-03"))?.result).toMatchObject({ hit: true, actual: "yes" });
  });

  it("leaves a gap day unscored: a passed day without a check-in is 'no check-in', today's is 'no outcome yet'", () => {
    const d1 = checkIn("2026-03-02T12:00:00Z");
    const d3 = checkIn("2026-03-04T12:00:00Z");
    const d5 = checkIn("2026-03-06T12:00:00Z");
    const entries = buildTrackRecord({
      checkIns: [d1, d3, d5],
      predictions: [...allFive(d1), ...allFive(d3), ...allFive(d5)],
      timeZone: "UTC",
      // Now is 2026-03-05: d3's prediction is about today, which has no check-in yet.
      now: Date.parse("2026-03-05T09:00:00Z"),
    });
    expect(find(entries, "mood_tomorrow", day("2026-03-03"))?.result).toEqual({ kind: "no-check-in" });
    expect(find(entries, "stress_forecast", day("2026-03-03"))?.result).toEqual({ kind: "no-check-in" });
    expect(find(entries, "mood_tomorrow", day("2026-03-05"))?.result).toEqual({ kind: "no-outcome-yet" });
    // The check-in two days later is not the next day: nothing is paired across the gap.
    expect(entries.filter((e) => e.result.kind === "hit" || e.result.kind === "error")).toEqual([]);
  });

  it("with two check-ins on a day, counts the later one's prediction against the next day's later check-in", () => {
    const morning = checkIn("2026-03-02T08:00:00Z", { energy: 9 });
    const evening = checkIn("2026-03-02T21:00:00Z", { energy: 5 });
    const nextMorning = checkIn("2026-03-03T07:00:00Z", { mood: 2, energy: 4, stress: 9 });
    const nextEvening = checkIn("2026-03-03T22:00:00Z", { mood: 6, energy: 3, stress: 6 });
    const entries = buildTrackRecord({
      checkIns: [nextMorning, morning, nextEvening, evening],
      predictions: [...allFive(morning, { mood: "low", dip: "yes", stress: 9 }), ...allFive(evening, { mood: "steady", dip: "no", stress: 5 })],
      timeZone: "UTC",
      now: Date.parse("2026-03-04T12:00:00Z"),
    });
    const target = day("2026-03-03");
    const onTarget = entries.filter((e) => e.targetDay === target);
    // One entry per type for the day, however many check-ins it had.
    expect(onTarget).toHaveLength(5);
    expect(onTarget.every((e) => e.madeFrom.id === evening.id && e.outcome?.id === nextEvening.id)).toBe(true);
    expect(find(entries, "mood_tomorrow", target)?.result).toMatchObject({ hit: true, actual: "steady" });
    expect(find(entries, "stress_forecast", target)?.result).toMatchObject({ error: 1 });
    // The dip is measured from the energy of the check-in that made the prediction (5 → 3), not the morning's 9.
    expect(find(entries, "energy_dip", target)?.result).toMatchObject({ hit: false, predicted: "no", actual: "yes" });
  });

  it("falls back to the day's earlier check-in for a type the later one has no prediction of", () => {
    const morning = checkIn("2026-03-02T08:00:00Z");
    const evening = checkIn("2026-03-02T21:00:00Z");
    const next = checkIn("2026-03-03T12:00:00Z", { stress: 8 });
    const entries = buildTrackRecord({
      checkIns: [morning, evening, next],
      predictions: [prediction(morning, "stress_forecast", { score: 7 }), prediction(evening, "mood_tomorrow")],
      timeZone: "UTC",
      now: Date.parse("2026-03-04T12:00:00Z"),
    });
    expect(find(entries, "stress_forecast", day("2026-03-03"))?.madeFrom.id).toBe(morning.id);
    expect(find(entries, "mood_tomorrow", day("2026-03-03"))?.madeFrom.id).toBe(evening.id);
  });

  it("places days on the person's calendar, not the UTC date", () => {
    // 20:00 in New York on Mon 2 March is 01:00 UTC on the 3rd; 18:00 on Tue 3 March is 23:00 UTC on the 3rd.
    // Same UTC date, consecutive New York days.
    const mon = checkIn("2026-03-02T20:00:00-05:00", { energy: 8 });
    const tue = checkIn("2026-03-03T18:00:00-05:00", { mood: 9, energy: 4 });
    const input = { checkIns: [mon, tue], predictions: allFive(mon, { mood: "high", dip: "yes" }), now: Date.parse("2026-03-10T12:00:00Z") };
    const ny = buildTrackRecord({ ...input, timeZone: NY });
    expect(find(ny, "mood_tomorrow", day("2026-03-03"))?.result).toMatchObject({ hit: true });
    expect(find(ny, "energy_dip", day("2026-03-03"))?.result).toMatchObject({ hit: true });
    // Read in UTC they are one day: the later check-in is the same day, not the next.
    const utc = buildTrackRecord({ ...input, timeZone: "UTC" });
    expect(find(utc, "mood_tomorrow", day("2026-03-04"))?.result).toEqual({ kind: "no-check-in" });
  });

  it("pairs days across both DST changes (23- and 25-hour days) and keeps 24 hours apart on one day apart only when they are", () => {
    // Spring forward, Sun 8 March 2026: 23:30 EST Saturday → 23:30 EDT Sunday is 23 hours.
    const sat = checkIn("2026-03-07T23:30:00-05:00", { mood: 5 });
    const sun = checkIn("2026-03-08T23:30:00-04:00", { mood: 5 });
    // Fall back, Sun 1 November 2026: 00:30 EDT and 23:30 EST are 24 hours apart and the same local day.
    const nov1early = checkIn("2026-11-01T00:30:00-04:00", { mood: 2 });
    const nov1late = checkIn("2026-11-01T23:30:00-05:00", { mood: 2 });
    const nov2 = checkIn("2026-11-02T23:30:00-05:00", { mood: 9 });
    const entries = buildTrackRecord({
      checkIns: [sat, sun, nov1early, nov1late, nov2],
      predictions: [
        prediction(sat, "mood_tomorrow", { label: "steady" }),
        prediction(nov1early, "mood_tomorrow", { label: "low" }),
        prediction(nov1late, "mood_tomorrow", { label: "high" }),
      ],
      timeZone: NY,
      now: Date.parse("2026-12-01T12:00:00Z"),
    });
    expect(find(entries, "mood_tomorrow", day("2026-03-08"))?.result).toMatchObject({ hit: true, actual: "steady" });
    // nov1early's prediction is not scored against nov1late (same day): the day's prediction is nov1late's, about 2 Nov.
    expect(find(entries, "mood_tomorrow", day("2026-11-01"))).toBeUndefined();
    const nov = find(entries, "mood_tomorrow", day("2026-11-02"));
    expect(nov?.madeFrom.id).toBe(nov1late.id);
    expect(nov?.result).toMatchObject({ hit: true, predicted: "high", actual: "high" });
  });

  it("keeps scoring mood, stress and dip when sleep was left empty, and reports the empty sleep beside sleep quality", () => {
    const d1 = checkIn("2026-03-02T12:00:00Z", { sleep_hours: null });
    const d2 = checkIn("2026-03-03T12:00:00Z", { sleep_hours: null, stress: 5 });
    const entries = buildTrackRecord({
      checkIns: [d1, d2],
      predictions: allFive(d1, { stress: 5 }),
      timeZone: "UTC",
      now: Date.parse("2026-03-04T12:00:00Z"),
    });
    const sleep = find(entries, "sleep_quality", day("2026-03-03"));
    expect(sleep?.result.kind).toBe("unscored");
    expect(sleep?.outcome?.sleep_hours).toBeNull();
    expect(find(entries, "stress_forecast", day("2026-03-03"))?.result).toMatchObject({ kind: "error", error: 0 });
    expect(find(entries, "mood_tomorrow", day("2026-03-03"))?.result.kind).toBe("hit");
  });

  it("does not score stress or a dip against a next day imported without them (Daylio), and says why; mood still counts", () => {
    const d1 = checkIn("2026-03-02T12:00:00Z", { energy: 7 });
    const d2 = { ...checkIn("2026-03-03T12:00:00Z", { mood: 6 }), energy: null, stress: null };
    const entries = buildTrackRecord({ checkIns: [d1, d2], predictions: allFive(d1), timeZone: "UTC", now: Date.parse("2026-03-04T12:00:00Z") });
    expect(find(entries, "stress_forecast", day("2026-03-03"))?.result).toEqual({ kind: "not-entered" });
    expect(find(entries, "energy_dip", day("2026-03-03"))?.result).toEqual({ kind: "not-entered" });
    expect(find(entries, "mood_tomorrow", day("2026-03-03"))?.result).toMatchObject({ kind: "hit", hit: true });
    const summaries = summarizeTrackRecord(entries, day("2026-03-04"));
    expect(summaries.find((s) => s.type === "stress_forecast")).toMatchObject({ n: 0, missed: 0, notEntered: 1 });
    expect(summaries.find((s) => s.type === "energy_dip")).toMatchObject({ n: 0, missed: 0, notEntered: 1 });
  });

  it("has no persistence for a dip when yesterday was imported without energy", () => {
    const d0 = { ...checkIn("2026-03-01T12:00:00Z"), energy: null, stress: null };
    const d1 = checkIn("2026-03-02T12:00:00Z", { energy: 7 });
    const d2 = checkIn("2026-03-03T12:00:00Z", { energy: 4 });
    const entries = buildTrackRecord({ checkIns: [d0, d1, d2], predictions: allFive(d1, { dip: "yes" }), timeZone: "UTC", now: Date.parse("2026-03-04T12:00:00Z") });
    expect(find(entries, "energy_dip", day("2026-03-03"))?.result).toMatchObject({ kind: "hit", hit: true, actual: "yes", persistence: null });
  });

  it("reads the class from probabilities when the label is missing, and marks a row it cannot read", () => {
    const d1 = checkIn("2026-03-02T12:00:00Z");
    const d2 = checkIn("2026-03-03T12:00:00Z", { mood: 9 });
    const entries = buildTrackRecord({
      checkIns: [d1, d2],
      predictions: [
        prediction(d1, "mood_tomorrow", { label: null, probabilities: [0.1, 0.2, 0.7] }),
        prediction(d1, "energy_dip", { label: "maybe", probabilities: null }),
        prediction(d1, "stress_forecast", { score: Number.NaN }),
      ],
      timeZone: "UTC",
      now: Date.parse("2026-03-04T12:00:00Z"),
    });
    expect(find(entries, "mood_tomorrow", day("2026-03-03"))?.result).toMatchObject({ hit: true, predicted: "high" });
    expect(find(entries, "energy_dip", day("2026-03-03"))?.result).toEqual({ kind: "unreadable" });
    expect(find(entries, "stress_forecast", day("2026-03-03"))?.result).toEqual({ kind: "unreadable" });
  });

  it("takes the newest copy of a duplicated prediction, and skips rows it cannot place on a day", () => {
    const d1 = checkIn("2026-03-02T12:00:00Z");
    const d2 = checkIn("2026-03-03T12:00:00Z", { stress: 6 });
    const broken = { ...checkIn("2026-03-02T13:00:00Z"), checkin_date: "03/02/2026" };
    const stray = { ...prediction(d1, "stress_forecast", { score: 1 }), checkin_id: "not-in-input" };
    const entries = buildTrackRecord({
      checkIns: [d1, d2, broken],
      predictions: [
        prediction(d1, "stress_forecast", { score: 2, created_at: "2026-03-02T12:00:01.000Z" }),
        prediction(d1, "stress_forecast", { score: 6, created_at: "2026-03-02T12:00:02.000Z" }),
        prediction(broken, "stress_forecast", { score: 9 }),
        stray,
      ],
      timeZone: "UTC",
      now: Date.parse("2026-03-04T12:00:00Z"),
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.result).toMatchObject({ kind: "error", error: 0, predicted: 6 });
  });

  it("skips a stored prediction of a type this version does not know (a newer tab wrote it), scoring the rest", () => {
    const d1 = checkIn("2026-03-02T12:00:00Z", { stress: 4 });
    const d2 = checkIn("2026-03-03T12:00:00Z", { stress: 6 });
    const future = { ...prediction(d1, "stress_forecast", { score: 9 }), prediction_type: "focus_tomorrow" } as unknown as Prediction;
    const entries = buildTrackRecord({
      checkIns: [d1, d2],
      predictions: [future, prediction(d1, "stress_forecast", { score: 5 })],
      timeZone: "UTC",
      now: Date.parse("2026-03-04T12:00:00Z"),
    });
    expect(entries.map((e) => e.type)).toEqual(["stress_forecast"]);
    expect(entries[0]?.result).toMatchObject({ kind: "error", predicted: 5, actual: 6 });
    expect(() => summarizeTrackRecord(entries, day("2026-03-04"))).not.toThrow();
  });

  it("refuses an unknown time zone with a message that says what to pass", () => {
    expect(() => buildTrackRecord({ checkIns: [], predictions: [], timeZone: "Mars/Olympus", now: 0 })).toThrow(FeatureExtractionError);
    expect(() => buildTrackRecord({ checkIns: [], predictions: [], timeZone: "", now: 0 })).toThrow(/IANA time zone/);
  });

  it("knows today in the person's zone", () => {
    // 02:00 UTC on 3 March is still 2 March in New York.
    expect(localDayOfNow(Date.parse("2026-03-03T02:00:00Z"), NY)).toBe(day("2026-03-02"));
    expect(localDayOfNow(Date.parse("2026-03-03T02:00:00Z"), "UTC")).toBe(day("2026-03-03"));
  });
});

describe("summarizeTrackRecord", () => {
  /** n consecutive days ending on `last`, each predicted by the day before; `moodHit(i)` decides the hit. */
  function days(n: number, last: string, values: (i: number) => { moodHit: boolean; stressError: number }) {
    const checkIns: CheckIn[] = [];
    const predictions: Prediction[] = [];
    const lastDay = day(last);
    for (let i = n; i >= 0; i--) {
      const d = new Date((lastDay - i) * 86_400_000 + 12 * 3_600_000).toISOString();
      checkIns.push(checkIn(d, { mood: 6, energy: 6, stress: 5 }));
    }
    for (let i = 0; i < n; i++) {
      const v = values(i);
      predictions.push(...allFive(checkIns[i]!, { mood: v.moodHit ? "steady" : "high", stress: 5 + v.stressError }));
    }
    return { checkIns, predictions };
  }

  it("gives hit rate and mean absolute error over the last 30 days, with n", () => {
    const { checkIns, predictions } = days(10, "2026-03-20", (i) => ({ moodHit: i % 4 !== 0, stressError: i % 2 === 0 ? 1 : 0.5 }));
    const entries = buildTrackRecord({ checkIns, predictions, timeZone: "UTC", now: Date.parse("2026-03-20T18:00:00Z") });
    const summary = summarizeTrackRecord(entries, day("2026-03-20"));
    const mood = summary.find((s) => s.type === "mood_tomorrow");
    // i = 0, 4, 8 miss: 7 of 10.
    expect(mood).toMatchObject({ kind: "hit", n: 10, hits: 7, rate: 0.7, enough: true, models: ["model_mood_tomorrow v1.0.0"] });
    const stress = summary.find((s) => s.type === "stress_forecast");
    expect(stress).toMatchObject({ kind: "error", n: 10, enough: true });
    expect(stress?.kind === "error" && stress.mae).toBeCloseTo(0.75, 10);
    expect(summary.find((s) => s.type === "sleep_quality")).toMatchObject({ kind: "unscored", reason: expect.stringMatching(/how long you slept, not how well/) });
    expect(summary.find((s) => s.type === "burnout_risk")).toMatchObject({ kind: "unscored" });
    // Every target day has its check-in: nothing waits or was missed.
    expect(mood?.kind === "hit" && mood.waiting).toBe(0);
  });

  it(`says "too few" below ${TRACK_MIN_DAYS} scored days, and not at ${TRACK_MIN_DAYS}`, () => {
    const six = days(TRACK_MIN_DAYS - 1, "2026-03-20", () => ({ moodHit: true, stressError: 0 }));
    const seven = days(TRACK_MIN_DAYS, "2026-03-20", () => ({ moodHit: true, stressError: 0 }));
    const at = (d: typeof six) =>
      summarizeTrackRecord(buildTrackRecord({ ...d, timeZone: "UTC", now: Date.parse("2026-03-20T18:00:00Z") }), day("2026-03-20"));
    expect(at(six).find((s) => s.type === "mood_tomorrow")).toMatchObject({ n: 6, enough: false });
    expect(at(six).find((s) => s.type === "stress_forecast")).toMatchObject({ n: 6, enough: false });
    expect(at(seven).find((s) => s.type === "mood_tomorrow")).toMatchObject({ n: 7, enough: true });
  });

  it("counts target days today−29 … today and nothing older", () => {
    // 40 days ending today: target days from today−39 to today; 30 of them are in the window.
    const d = days(40, "2026-03-31", (i) => ({ moodHit: i >= 10, stressError: 0 }));
    const entries = buildTrackRecord({ ...d, timeZone: "UTC", now: Date.parse("2026-03-31T20:00:00Z") });
    const mood = summarizeTrackRecord(entries, day("2026-03-31")).find((s) => s.type === "mood_tomorrow");
    // The ten misses are the oldest ten target days, all outside the window.
    expect(mood).toMatchObject({ n: 30, hits: 30, rate: 1 });
  });

  it("counts what is waiting for today's check-in and what never got one, without scoring them", () => {
    const a = checkIn("2026-03-18T12:00:00Z");
    const b = checkIn("2026-03-20T12:00:00Z");
    const entries = buildTrackRecord({
      checkIns: [a, b],
      predictions: [...allFive(a), ...allFive(b)],
      timeZone: "UTC",
      now: Date.parse("2026-03-21T09:00:00Z"),
    });
    const mood = summarizeTrackRecord(entries, day("2026-03-21")).find((s) => s.type === "mood_tomorrow");
    expect(mood).toMatchObject({ n: 0, hits: 0, rate: null, enough: false, waiting: 1, missed: 1 });
    const stress = summarizeTrackRecord(entries, day("2026-03-21")).find((s) => s.type === "stress_forecast");
    expect(stress).toMatchObject({ n: 0, mae: null, waiting: 1, missed: 1 });
  });
});

describe("skill: the model against 'tomorrow like today' on the same days", () => {
  // Nine days, 1–9 March, one check-in each at noon UTC; the predictions of days 1–8 are about days 2–9.
  const MOOD = [6, 9, 9, 3, 6, 6, 9, 2, 6]; // classes S H H L S S H L S
  const ENERGY = [6, 6, 3, 3, 7, 5, 5, 2, 2];
  const STRESS = [5, 7, 2, 5, 5, 8, 4, 4, 6];
  const MODEL_MOOD = ["high", "high", "low", "steady", "steady", "high", "high", "steady"];
  const MODEL_DIP = [0.1, 0.8, 0.2, 0.3, 0.7, 0.2, 0.6, 0.1]; // the model's chance of a dip
  const MODEL_STRESS = [6, 3, 5, 5, 7, 5, 4, 5];
  function nineDays(skip: number[] = [], baseRates?: { energy_dip: number }) {
    const checkIns = MOOD.map((mood, i) => checkIn(`2026-03-0${i + 1}T12:00:00Z`, { mood, energy: ENERGY[i], stress: STRESS[i] }));
    const predictions = checkIns.slice(0, 8).flatMap((c, i) => [
      prediction(c, "mood_tomorrow", { label: MODEL_MOOD[i]! }),
      prediction(c, "energy_dip", { label: MODEL_DIP[i]! >= 0.5 ? "yes" : "no", probabilities: [1 - MODEL_DIP[i]!, MODEL_DIP[i]!] }),
      prediction(c, "stress_forecast", { score: MODEL_STRESS[i]! }),
    ]);
    const kept = checkIns.filter((_, i) => !skip.includes(i + 1));
    const entries = buildTrackRecord({ checkIns: kept, predictions, timeZone: "UTC", now: Date.parse("2026-03-10T12:00:00Z") });
    return summarizeTrackRecord(entries, day("2026-03-10"), { baseRates });
  }
  const of = <T extends PredictionType>(summary: ReturnType<typeof summarizeTrackRecord>, type: T) => summary.find((s) => s.type === type);

  it("mood: counts persistence's hits (today's class) on the same days", () => {
    // Targets (days 2–9): H H L S S H L S. The model: H H L S S H H S → 7 of 8 (only day 8 wrong).
    // Persistence (days 1–8): S H H L S S H L → right on days 3 and 6 only → 2 of 8.
    expect(of(nineDays(), "mood_tomorrow")).toMatchObject({
      n: 8, hits: 7, skill: { n: 8, left: 0, modelHits: 7, persistenceHits: 2, brier: null, verdict: "better" },
    });
  });

  it("stress: mean absolute error against today's stress as the forecast", () => {
    // Targets 7 2 5 5 8 4 4 6. Model 6 3 5 5 7 5 4 5: errors 1 1 0 0 1 1 0 1 = 5 → 0.625.
    // Persistence 5 7 2 5 5 8 4 4: errors 2 5 3 0 3 4 0 2 = 19 → 2.375.
    const stress = of(nineDays(), "stress_forecast");
    expect(stress).toMatchObject({ n: 8, skill: { n: 8, left: 0, verdict: "better" } });
    expect(stress?.kind === "error" && [stress.mae, stress.skill.modelMae, stress.skill.persistenceMae]).toEqual([0.625, 0.625, 2.375]);
  });

  it("energy dip: hits and Brier, leaving out the day without a day before", () => {
    // Dips (energy down ≥ 2 from the day before), days 2–9: no yes no no yes no yes no.
    // The model says yes at ≥ 0.5: no yes no no yes no yes no → 8 of 8.
    // Persistence for day d+1 = whether d was a dip; day 1 has no day before, so day 2's target is left out:
    // days 3–9 get no(2) yes(3) no(4) no(5) yes(6) no(7) yes(8) against yes no no yes no yes no → right on day 5 only.
    // Brier over those 7 days: model (0.2² + 0.2² + 0.3² + 0.3² + 0.2² + 0.4² + 0.1²) / 7 = 0.47 / 7; persistence 6 / 7.
    const dip = of(nineDays(), "energy_dip");
    expect(dip).toMatchObject({ n: 8, hits: 8, skill: { n: 7, left: 1, modelHits: 7, persistenceHits: 1, verdict: "better" } });
    const brier = dip?.kind === "hit" ? dip.skill.brier : null;
    expect(brier?.model).toBeCloseTo(0.47 / 7, 12);
    expect(brier?.persistence).toBeCloseTo(6 / 7, 12);
    expect(brier?.baseRate).toBeNull();
    // With the training rate of dips, 20 % every day: targets yes no no yes no yes no → (3 × 0.8² + 4 × 0.2²) / 7.
    const withRate = of(nineDays([], { energy_dip: 0.2 }), "energy_dip");
    const rated = withRate?.kind === "hit" ? withRate.skill.brier?.baseRate : null;
    expect(rated?.rate).toBe(0.2);
    expect(rated?.brier).toBeCloseTo(2.08 / 7, 12);
  });

  it("energy dip: a skipped day removes the next day from persistence's count, and below 7 shared days there is no verdict", () => {
    // Without day 4's check-in: its prediction is gone and day 3's has no outcome, so the scored targets are 2, 3, 6, 7,
    // 8, 9 (6 days). Day 2's and day 6's have no persistence (made on days 1 and 5, neither with a day before).
    // Shared: targets 3, 7, 8, 9 → 4 days, under 7.
    const dip = of(nineDays([4]), "energy_dip");
    expect(dip).toMatchObject({ n: 6, skill: { n: 4, left: 2, verdict: null } });
  });

  it("energy dip: a lower Brier score is not 'better' while the model is right on fewer days", () => {
    // Energy 8 8 5 5 8 8 5 5 8 8 8 8 on 1–12 May: dips on 3 and 7 May. Persistence (a dip tomorrow after a dip today)
    // misses 3, 4, 7 and 8 May of the shared 3–12 May (2 May has no day before its predicting day): 6 of 10, Brier 0.4.
    // The model hedges: 45 % before the two dips (misses), 55 % before 4, 5 and 8 May (false alarms), 5 % otherwise:
    // right on 5 of 10, Brier (5 × 0.55² + 5 × 0.05²) / 10 = 0.1525. Better calibrated, but a person counts hits.
    const energy = [8, 8, 5, 5, 8, 8, 5, 5, 8, 8, 8, 8];
    const chance: Record<number, number> = { 3: 0.45, 7: 0.45, 4: 0.55, 5: 0.55, 8: 0.55 };
    const checkIns = energy.map((e, i) => checkIn(`2026-05-${String(i + 1).padStart(2, "0")}T12:00:00Z`, { energy: e }));
    const predictions = checkIns.slice(0, 11).map((c, i) => {
      const p = chance[i + 2] ?? 0.05; // about day i + 2
      return prediction(c, "energy_dip", { label: p >= 0.5 ? "yes" : "no", probabilities: [1 - p, p] });
    });
    const entries = buildTrackRecord({ checkIns, predictions, timeZone: "UTC", now: Date.parse("2026-05-12T18:00:00Z") });
    const dip = summarizeTrackRecord(entries, day("2026-05-12")).find((s) => s.type === "energy_dip");
    expect(dip).toMatchObject({ skill: { n: 10, left: 1, modelHits: 5, persistenceHits: 6, verdict: "not-better" } });
    const brier = dip?.kind === "hit" ? dip.skill.brier : null;
    expect(brier?.model).toBeCloseTo(0.1525, 12);
    expect(brier?.persistence).toBeCloseTo(0.4, 12);
  });

  it("calls a tie 'not better', and a model worse than persistence 'not better'", () => {
    // Every day steady and stress 5: persistence is always right, the model (7 of 10, stress off) is not better.
    const steadyDays = (moodLabel: (i: number) => string) => {
      const checkIns: CheckIn[] = [];
      const predictions: Prediction[] = [];
      for (let i = 1; i <= 11; i++) checkIns.push(checkIn(`2026-04-${String(i).padStart(2, "0")}T12:00:00Z`, { mood: 6, energy: 6, stress: 5 }));
      for (let i = 0; i < 10; i++) {
        predictions.push(prediction(checkIns[i]!, "mood_tomorrow", { label: moodLabel(i) }));
        predictions.push(prediction(checkIns[i]!, "stress_forecast", { score: 5 }));
        predictions.push(prediction(checkIns[i]!, "energy_dip", { label: "no", probabilities: [1, 0] }));
      }
      return summarizeTrackRecord(buildTrackRecord({ checkIns, predictions, timeZone: "UTC", now: Date.parse("2026-04-11T18:00:00Z") }), day("2026-04-11"));
    };
    const summary = steadyDays((i) => (i < 7 ? "steady" : "high"));
    expect(of(summary, "mood_tomorrow")).toMatchObject({ hits: 7, skill: { modelHits: 7, persistenceHits: 10, verdict: "not-better" } });
    expect(of(steadyDays(() => "steady"), "mood_tomorrow")).toMatchObject({ hits: 10, skill: { modelHits: 10, persistenceHits: 10, verdict: "not-better" } });
    // Stress 5 every day and predicted 5: both off by 0, a tie.
    expect(of(summary, "stress_forecast")).toMatchObject({ mae: 0, skill: { modelMae: 0, persistenceMae: 0, verdict: "not-better" } });
    // Never a dip, and both say so with certainty: Brier 0 each, hits 9 each (day 1 has no day before).
    expect(of(summary, "energy_dip")).toMatchObject({ skill: { n: 9, modelHits: 9, persistenceHits: 9, brier: { model: 0, persistence: 0 }, verdict: "not-better" } });
  });
});
