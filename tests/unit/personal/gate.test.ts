import { describe, expect, it } from "vitest";
import { buildPersonalModel } from "@/lib/personal/build-personal-model";
import { PersonalModelError } from "@/lib/personal/errors";
import { gateChooses, gateFolds } from "@/lib/personal/gate";
import { TARGETS } from "@/lib/personal/targets";
import { MIN_SCORED_DAYS, PERSONAL_TYPES, type PersonalCheckIn } from "@/lib/personal/types";
import { generic, heldOutPerson } from "./support";

const DAY_MS = 86_400_000;
const MONDAY = Date.UTC(2026, 0, 5);

/**
 * A person on `n` consecutive days (20:00 UTC). Stress is 2, except 9 on Wednesdays: a weekly rhythm of one person
 * that the population model cannot know, so tomorrow's stress after a Tuesday is its big miss. From day `changeAt` on
 * the person changes: stress 6 every day. Everything else stays put.
 */
function weeklyPerson(n: number, changeAt = Number.POSITIVE_INFINITY): PersonalCheckIn[] {
  return Array.from({ length: n }, (_, d) => ({
    id: `c${String(d).padStart(3, "0")}`,
    checkin_date: new Date(MONDAY + d * DAY_MS + 20 * 3_600_000).toISOString(),
    mood: 6,
    energy: 6,
    stress: d >= changeAt ? 6 : d % 7 === 2 ? 9 : 2,
    sleep_hours: 7,
    activity_minutes: 30,
  }));
}

describe("gateFolds", () => {
  it("holds out three folds of min(7, ⌊n/6⌋) most recent days, at least half the days before the first", () => {
    expect(gateFolds(21)).toEqual([
      { start: 12, end: 15 },
      { start: 15, end: 18 },
      { start: 18, end: 21 },
    ]);
    expect(gateFolds(60)).toEqual([
      { start: 39, end: 46 },
      { start: 46, end: 53 },
      { start: 53, end: 60 },
    ]);
    for (let n = MIN_SCORED_DAYS; n <= 400; n++) {
      const folds = gateFolds(n);
      expect(folds[0]?.start).toBeGreaterThanOrEqual(n / 2);
      expect(folds[2]?.end).toBe(n);
    }
  });
});

describe("gateChooses", () => {
  const stress = TARGETS.stress_forecast;
  const mood = TARGETS.mood_tomorrow;

  it("needs the pooled metric better by the margin, and no fold worse", () => {
    expect(stress.gateMargin).toBe(0.02);
    expect(gateChooses(stress, { generic: 1, personal: 0.97 }, 0)).toBe(true);
    expect(gateChooses(stress, { generic: 1, personal: 0.99 }, 0)).toBe(false); // within the margin
    expect(gateChooses(stress, { generic: 1, personal: 0.9 }, 1)).toBe(false); // one fold worse
    expect(gateChooses({ ...stress, gateEveryFold: false }, { generic: 1, personal: 0.9 }, 1)).toBe(true);
  });

  it("for mood, a lower log loss by the margin and a strictly higher hit rate", () => {
    expect(gateChooses(mood, { generic: 0.7, personal: 0.75, logLoss: { generic: 0.6, personal: 0.5 } }, 0)).toBe(true);
    expect(gateChooses(mood, { generic: 0.7, personal: 0.7, logLoss: { generic: 0.6, personal: 0.5 } }, 0)).toBe(false);
    expect(gateChooses(mood, { generic: 0.7, personal: 0.8, logLoss: { generic: 0.6, personal: 0.595 } }, 0)).toBe(false);
    expect(gateChooses(mood, { generic: 0.7, personal: 0.8, logLoss: { generic: 0.6, personal: 0.5 } }, 2)).toBe(false);
  });
});

describe("buildPersonalModel's gate", () => {
  const { entry, treeFile } = generic("stress_forecast");

  it(`tries nothing below ${MIN_SCORED_DAYS} scored days, and scores the held-out days from ${MIN_SCORED_DAYS} on`, () => {
    // n consecutive check-ins give n − 1 scored days (the last day has no next day yet).
    const short = buildPersonalModel({ entry, treeFile, checkIns: weeklyPerson(MIN_SCORED_DAYS), timeZone: "UTC" });
    expect(short).toEqual({ type: "stress_forecast", scoredDays: MIN_SCORED_DAYS - 1, decision: "too-few-days" });
    const enough = buildPersonalModel({ entry, treeFile, checkIns: weeklyPerson(MIN_SCORED_DAYS + 1), timeZone: "UTC" });
    expect(enough.scoredDays).toBe(MIN_SCORED_DAYS);
    expect(enough.decision).not.toBe("too-few-days");
    expect(enough.heldOut?.days).toBe(9);
  });

  it("chooses the personal model for a rhythm that holds, and it beats the generic and persistence on the held-out days", () => {
    const build = buildPersonalModel({ entry, treeFile, checkIns: weeklyPerson(70), timeZone: "UTC" });
    expect(build.decision).toBe("personal");
    const h = build.heldOut;
    expect(h?.metric).toBe("stress_mae");
    expect(h?.days).toBe(21);
    expect(h?.personal).toBeLessThan(h?.generic as number);
    expect(h?.personal).toBeLessThan(h?.persistence as number);
    expect(build.model?.trainedDays).toBe(69);
    expect(build.model?.basedOn).toEqual({ name: entry.name, version: entry.version, sha256: entry.sha256 });
  });

  it("keeps the generic model when the person changes in the most recent days (the personal trees learned the old ones)", () => {
    const build = buildPersonalModel({ entry, treeFile, checkIns: weeklyPerson(70, 70 - 22), timeZone: "UTC" });
    expect(build.decision).toBe("generic");
    expect(build.model).toBeUndefined();
    expect(build.heldOut?.personal).toBeGreaterThanOrEqual(build.heldOut?.generic as number);
  });

  it("mood and energy dip report their metrics, with persistence, on a simulated person", () => {
    for (const type of PERSONAL_TYPES) {
      const g = generic(type);
      const build = buildPersonalModel({ entry: g.entry, treeFile: g.treeFile, checkIns: heldOutPerson(0), timeZone: "UTC" });
      expect(build.heldOut?.days).toBeGreaterThan(0);
      const h = build.heldOut as NonNullable<typeof build.heldOut>;
      for (const v of [h.generic, h.personal, h.persistence]) expect(Number.isFinite(v)).toBe(true);
      expect(h.metric).toBe({ mood_tomorrow: "mood_accuracy", energy_dip: "energy_dip_brier", stress_forecast: "stress_mae" }[type]);
      if (type === "mood_tomorrow") expect(h.logLoss?.generic).toBeGreaterThan(0);
      // A chosen model is better on the pooled held-out days by the margin (mood: log loss, and a higher hit rate).
      const margin = TARGETS[type].gateMargin;
      const better = h.logLoss
        ? h.logLoss.personal < h.logLoss.generic * (1 - margin) && h.personal > h.generic
        : h.personal < h.generic * (1 - margin);
      if (build.decision === "personal") expect(better).toBe(true);
      if (!better) expect(build.decision).toBe("generic");
    }
  });

  it("refuses an entry whose outcome no check-in observes, and a tree file of another model", () => {
    const burnout = generic("stress_forecast");
    const entryOf = (prediction_type: "burnout_risk") => ({ ...burnout.entry, prediction_type });
    expect(() => buildPersonalModel({ entry: entryOf("burnout_risk"), treeFile, checkIns: [], timeZone: "UTC" })).toThrow(PersonalModelError);
    const mood = generic("mood_tomorrow");
    expect(() => buildPersonalModel({ entry, treeFile: mood.treeFile, checkIns: [], timeZone: "UTC" })).toThrow(PersonalModelError);
  });
});
