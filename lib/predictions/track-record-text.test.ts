import { describe, expect, it } from "vitest";
import type { CheckIn } from "@/lib/domain/check-in";
import type { Prediction, PredictionType } from "@/lib/domain/prediction";
import type { TrackEntry, TrackResult } from "./track-record";
import type { ErrorSkill, HitSkill, TrackSummary } from "./track-record-summary";
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
  it("says what was predicted, what was entered, whether it was right, and what 'tomorrow like today' said", () => {
    const mood: TrackResult = { kind: "hit", hit: true, predicted: "steady", actual: "steady", pYes: null, persistence: { predicted: "high", hit: false } };
    expect(describeTrackEntry(entry("mood_tomorrow", mood, { outcome: { mood: 6 } }))).toEqual({
      label: "Mood",
      predicted: "steady",
      entered: "6 (steady)",
      verdict: "right",
      persistence: "high, wrong",
      tone: "right",
    });
    const dip: TrackResult = { kind: "hit", hit: false, predicted: "no", actual: "yes", pYes: 0.2, persistence: { predicted: "yes", hit: true } };
    expect(describeTrackEntry(entry("energy_dip", dip, { madeFrom: { energy: 7 }, outcome: { energy: 4 } }))).toMatchObject({
      predicted: "no dip",
      entered: "energy 4 after 7 (a dip)",
      verdict: "wrong",
      persistence: "a dip, right",
    });
    const stress: TrackResult = { kind: "error", error: 1.75, predicted: 5.25, actual: 7, persistence: { predicted: 4, error: 3 } };
    expect(describeTrackEntry(entry("stress_forecast", stress))).toMatchObject({
      predicted: "5.3",
      entered: "7",
      verdict: "off by 1.8",
      persistence: "4, off by 3.0",
    });
  });

  it("says when 'tomorrow like today' had nothing to go by (an energy dip without a check-in the day before)", () => {
    const dip: TrackResult = { kind: "hit", hit: true, predicted: "no", actual: "no", pYes: 0.1, persistence: null };
    expect(describeTrackEntry(entry("energy_dip", dip))?.persistence).toBe("no check-in the day before to go by");
  });

  it("shows hours slept beside sleep quality, unscored, and says when none was entered", () => {
    const unscored: TrackResult = { kind: "unscored", reason: "…" };
    expect(describeTrackEntry(entry("sleep_quality", unscored, { score: 68.4, outcome: { sleep_hours: 7.5 } }))).toMatchObject({
      predicted: "68/100",
      entered: "7.5 h of sleep",
      verdict: "not scored",
      persistence: null,
    });
    expect(describeTrackEntry(entry("sleep_quality", unscored, { outcome: { sleep_hours: null } }))?.entered).toBe("nothing for sleep");
  });

  it("has no line for burnout or for a day without an outcome", () => {
    expect(describeTrackEntry(entry("burnout_risk", { kind: "unscored", reason: "…" }))).toBeNull();
    expect(describeTrackEntry(entry("mood_tomorrow", { kind: "no-outcome-yet" }, { outcome: null }))).toBeNull();
  });
});

describe("describeTrackSummary", () => {
  const base = { waiting: 0, missed: 0, notEntered: 0, models: [] };
  const hitSkill = (v: Partial<HitSkill>): HitSkill => ({ n: 9, left: 0, modelHits: 6, persistenceHits: 4, brier: null, verdict: "better", ...v });

  it("gives the hit rate with n, and 'tomorrow like today' on the same days with a verdict", () => {
    const hit: TrackSummary = { type: "mood_tomorrow", kind: "hit", n: 9, hits: 6, rate: 6 / 9, enough: true, ...base, skill: hitSkill({}) };
    expect(describeTrackSummary(hit, 7)).toEqual({
      headline: "Right on 6 of 9 days (67%).",
      skill: "Assuming tomorrow is like today: right on 4 of the same 9 days.",
      verdict: "Better than assuming tomorrow is like today.",
      detail: null,
    });
    const tie = { ...hit, skill: hitSkill({ persistenceHits: 6, verdict: "not-better" }) };
    expect(describeTrackSummary(tie, 7).verdict).toBe("Not better yet than assuming tomorrow is like today.");
  });

  it("gives the mean absolute error beside persistence's", () => {
    const skill: ErrorSkill = { n: 8, left: 0, modelMae: 0.84, persistenceMae: 1.26, verdict: "better" };
    const error: TrackSummary = { type: "stress_forecast", kind: "error", n: 8, mae: 0.84, enough: true, ...base, waiting: 1, missed: 2, skill };
    expect(describeTrackSummary(error, 7)).toEqual({
      headline: "Off by 0.8 points on average over 8 days (mean absolute error).",
      skill: "Assuming tomorrow is like today: off by 1.3 on average over the same 8 days.",
      verdict: "Better than assuming tomorrow is like today.",
      detail: "1 waiting for the day's check-in; 2 not counted: no check-in the next day.",
    });
  });

  it("compares an energy dip on the days with a check-in the day before, by hits and Brier score", () => {
    const skill = hitSkill({ n: 7, left: 1, modelHits: 6, persistenceHits: 6, brier: { model: 0.0914, persistence: 0.1429, baseRate: null }, verdict: "better" });
    const dip: TrackSummary = { type: "energy_dip", kind: "hit", n: 8, hits: 7, rate: 7 / 8, enough: true, ...base, skill };
    expect(describeTrackSummary(dip, 7)).toMatchObject({
      headline: "Right on 7 of 8 days (88%).",
      skill:
        "On the 7 of these days with a check-in the day before: the model right on 6, assuming tomorrow is like today on 6. " +
        "Brier score (0 is perfect, lower is better): the model 0.09, assuming tomorrow is like today 0.14.",
      verdict: "Better than assuming tomorrow is like today.",
    });
    const withBaseRate = { ...dip, skill: { ...skill, brier: { model: 0.0914, persistence: 0.1429, baseRate: { rate: 0.161, brier: 0.1234 } } } };
    expect(describeTrackSummary(withBaseRate, 7).skill).toMatch(
      /Brier score \(0 is perfect, lower is better\): the model 0\.09, assuming tomorrow is like today 0\.14, always the usual 16% chance 0\.12\.$/,
    );
    const few = { ...dip, skill: hitSkill({ n: 5, left: 3, verdict: null }) };
    expect(describeTrackSummary(few, 7)).toMatchObject({
      headline: "Right on 7 of 8 days (88%).",
      skill: "Too few of these days to compare with assuming tomorrow is like today (5 of 7 needed): it can only be scored on days with a check-in the day before.",
      verdict: null,
    });
  });

  it("says plainly when there are too few days, without a number or a verdict", () => {
    const few: TrackSummary = { type: "energy_dip", kind: "hit", n: 3, hits: 3, rate: 1, enough: false, ...base, skill: hitSkill({ n: 3, verdict: null }) };
    expect(describeTrackSummary(few, 7)).toEqual({ headline: "Too few days to say yet (3 of 7 needed).", skill: null, verdict: null, detail: null });
  });
});
