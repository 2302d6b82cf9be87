import { describe, expect, it } from "vitest";
import type { CheckIn } from "@/lib/domain/check-in";
import type { Prediction, PredictionType } from "@/lib/domain/prediction";
import type { TrackEntry, TrackResult } from "./track-record";
import type { TrackSummary } from "./track-record-summary";
import { describeTrackEntry, describeTrackSummary } from "./track-record-text";

const checkIn = (v: Partial<CheckIn>): CheckIn => ({
  id: "c",
  user_id: "u",
  checkin_date: "2026-03-03T12:00:00.000Z",
  created_at: "2026-03-03T12:00:00.000Z",
  mood: 6,
  energy: 6,
  stress: 5,
  sleep_hours: 7.5,
  activity_minutes: null,
  notes: null,
  ...v,
});

function entry(type: PredictionType, result: TrackResult, v: { score?: number; outcome?: Partial<CheckIn> | null; madeFrom?: Partial<CheckIn> } = {}): TrackEntry {
  const prediction: Prediction = {
    id: "p",
    user_id: "u",
    checkin_id: "c0",
    prediction_type: type,
    model_name: "m",
    model_version: "1",
    label: null,
    score: v.score ?? 0.5,
    probabilities: null,
    created_at: "2026-03-02T12:00:00.000Z",
  };
  return {
    type,
    prediction,
    madeFrom: checkIn({ id: "c0", ...v.madeFrom }),
    day: 1,
    targetDay: 2,
    outcome: v.outcome === null ? null : checkIn(v.outcome ?? {}),
    result,
  };
}

describe("describeTrackEntry", () => {
  it("says what was predicted, what was entered and whether it was right", () => {
    expect(describeTrackEntry(entry("mood_tomorrow", { kind: "hit", hit: true, predicted: "steady", actual: "steady", pYes: null, persistence: null }, { outcome: { mood: 6 } }))).toEqual({
      label: "Mood",
      predicted: "steady",
      entered: "6 (steady)",
      verdict: "right",
      tone: "right",
    });
    expect(
      describeTrackEntry(entry("energy_dip", { kind: "hit", hit: false, predicted: "no", actual: "yes", pYes: 0.2, persistence: null }, { madeFrom: { energy: 7 }, outcome: { energy: 4 } })),
    ).toMatchObject({ predicted: "no dip", entered: "energy 4 after 7 (a dip)", verdict: "wrong" });
    expect(describeTrackEntry(entry("stress_forecast", { kind: "error", error: 1.75, predicted: 5.25, actual: 7, persistence: null }))).toMatchObject({
      predicted: "5.3",
      entered: "7",
      verdict: "off by 1.8",
    });
  });

  it("shows hours slept beside sleep quality, unscored, and says when none was entered", () => {
    const unscored: TrackResult = { kind: "unscored", reason: "…" };
    expect(describeTrackEntry(entry("sleep_quality", unscored, { score: 68.4, outcome: { sleep_hours: 7.5 } }))).toMatchObject({
      predicted: "68/100",
      entered: "7.5 h of sleep",
      verdict: "not scored",
    });
    expect(describeTrackEntry(entry("sleep_quality", unscored, { outcome: { sleep_hours: null } }))?.entered).toBe("nothing for sleep");
  });

  it("has no line for burnout or for a day without an outcome", () => {
    expect(describeTrackEntry(entry("burnout_risk", { kind: "unscored", reason: "…" }))).toBeNull();
    expect(describeTrackEntry(entry("mood_tomorrow", { kind: "no-outcome-yet" }, { outcome: null }))).toBeNull();
  });
});

describe("describeTrackSummary", () => {
  const base = { waiting: 0, missed: 0, models: [] };
  it("gives the hit rate with n, or the mean absolute error", () => {
    const hit: TrackSummary = { type: "mood_tomorrow", kind: "hit", n: 9, hits: 6, rate: 6 / 9, enough: true, ...base };
    expect(describeTrackSummary(hit, 7)).toEqual({ headline: "Right on 6 of 9 days (67%).", detail: null });
    const error: TrackSummary = { type: "stress_forecast", kind: "error", n: 8, mae: 0.84, enough: true, ...base, waiting: 1, missed: 2 };
    expect(describeTrackSummary(error, 7)).toEqual({
      headline: "Off by 0.8 points on average over 8 days (mean absolute error).",
      detail: "1 waiting for the day's check-in; 2 not counted: no check-in the next day.",
    });
  });

  it("says plainly when there are too few days, without a number", () => {
    const few: TrackSummary = { type: "energy_dip", kind: "hit", n: 3, hits: 3, rate: 1, enough: false, ...base };
    expect(describeTrackSummary(few, 7).headline).toBe("Too few days to say yet (3 of 7 needed).");
  });
});
