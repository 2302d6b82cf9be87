import { describe, expect, it } from "vitest";
import { DAYLIO_SAMPLE } from "@/tests/support/daylio/sample";
import { composeNotes } from "./compose-notes";
import { buildDaylioPlan, defaultMoodMapping, unassignedLabels } from "./daylio-plan";
import { parseDaylioCsv } from "./parse-daylio";

const USER = "00000000-0000-4000-8000-0000000000aa";
const NOW = Date.parse("2026-03-13T12:00:00Z");
const HEADER = "full_date,date,weekday,time,mood,activities,note_title,note";

async function samplePlan(timeZone = "America/New_York", userId = USER) {
  const file = parseDaylioCsv(DAYLIO_SAMPLE);
  const mapping = defaultMoodMapping(file);
  mapping.set("sleepy", 4).set("Stressed out", 3);
  return buildDaylioPlan(file, mapping, { userId, timeZone, now: NOW });
}

describe("the mood mapping", () => {
  it("gives Daylio's five levels their default scores (any case) and leaves renamed labels to the person", () => {
    const file = parseDaylioCsv(DAYLIO_SAMPLE);
    const mapping = defaultMoodMapping(file);
    expect(Object.fromEntries(mapping)).toEqual({ rad: 10, Good: 8, good: 8, meh: 6, bad: 3, awful: 1 });
    expect(unassignedLabels(file, mapping)).toEqual(["sleepy", "Stressed out"]);
  });

  it("refuses to build a plan while a label has no score", async () => {
    const file = parseDaylioCsv(DAYLIO_SAMPLE);
    await expect(buildDaylioPlan(file, defaultMoodMapping(file), { userId: USER, timeZone: "UTC", now: NOW })).rejects.toThrow(/sleepy, Stressed out has none/);
  });
});

describe("buildDaylioPlan", () => {
  it("makes one check-in per entry at its local time, mood from the mapping, no energy, stress or predictions", async () => {
    const { plan } = await samplePlan();
    expect(plan.source).toBe("daylio");
    expect(plan.predictions).toEqual([]);
    expect(plan.problems).toEqual([]);
    // Oldest first; 9:45 PM in New York on March 12 (EDT since March 8) is 01:45 UTC on the 13th.
    expect(plan.checkIns.map((c) => [c.checkin_date, c.mood])).toEqual([
      ["2026-03-07T23:15:00.000Z", 8],
      ["2026-03-09T02:00:00.000Z", 1], // 10 PM on March 8, the day DST began: EDT already
      ["2026-03-10T00:30:00.000Z", 3],
      ["2026-03-11T01:00:00.000Z", 3],
      ["2026-03-11T11:00:00.000Z", 4],
      ["2026-03-11T17:05:00.000Z", 6],
      ["2026-03-12T02:30:00.000Z", 8],
      ["2026-03-12T12:10:00.000Z", 4],
      ["2026-03-13T01:45:00.000Z", 10],
    ]);
    for (const c of plan.checkIns) {
      expect(c).toMatchObject({ user_id: USER, energy: null, stress: null, sleep_hours: null, activity_minutes: null, created_at: c.checkin_date });
    }
    expect(plan.lines.get(plan.checkIns[8]!.id)).toBe(2);
  });

  it("puts the note title, note and activities in notes", async () => {
    const { plan } = await samplePlan();
    const byLine = new Map(plan.checkIns.map((c) => [plan.lines.get(c.id), c.notes]));
    expect(byLine.get(2)).toBe("Birthday\nDinner with Ana, Tom and Lee.\nThen a film; we laughed a lot.\nActivities: friends, movies, good meal");
    expect(byLine.get(5)).toBe('Ran 5 km, felt "great" afterwards\nActivities: work, sport');
    expect(byLine.get(6)).toBeNull();
    expect(byLine.get(7)).toBe("Early start");
  });

  it("derives ids from the person and the entry's minute: the same file gives the same ids, another person other ids", async () => {
    const a = (await samplePlan()).plan.checkIns.map((c) => c.id);
    const again = await buildDaylioPlan(parseDaylioCsv(DAYLIO_SAMPLE), new Map([...defaultMoodMapping(parseDaylioCsv(DAYLIO_SAMPLE)), ["sleepy", 4], ["Stressed out", 3]]), { userId: USER, timeZone: "America/New_York", now: NOW + 86_400_000 });
    expect(again.plan.checkIns).toEqual((await samplePlan()).plan.checkIns); // the same rows, whenever imported
    const b = again.plan.checkIns.map((c) => c.id);
    const other = (await samplePlan("America/New_York", "00000000-0000-4000-8000-0000000000bb")).plan.checkIns.map((c) => c.id);
    expect(new Set(a).size).toBe(9);
    expect(b).toEqual(a);
    expect(other.filter((id) => a.includes(id))).toEqual([]);
    for (const id of a) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("keeps two entries of the same minute as two check-ins", async () => {
    const csv = [HEADER, "2026-03-01,March 1,Sunday,8:00 PM,good,,,first", "2026-03-01,March 1,Sunday,20:00,bad,,,second"].join("\n");
    const { plan } = await buildDaylioPlan(parseDaylioCsv(csv), new Map([["good", 8], ["bad", 3]]), { userId: USER, timeZone: "UTC", now: NOW });
    expect(plan.checkIns.map((c) => [c.checkin_date, c.mood, c.notes])).toEqual([
      ["2026-03-01T20:00:00.000Z", 8, "first"],
      ["2026-03-01T20:00:00.000Z", 3, "second"],
    ]);
    expect(new Set(plan.checkIns.map((c) => c.id)).size).toBe(2);
  });

  it("skips entries dated before 2000 or in the future, by line", async () => {
    const csv = [HEADER, "1999-12-31,December 31,Friday,8:00 PM,good,,,", "2026-03-20,March 20,Friday,8:00 PM,good,,,", "2026-03-13,March 13,Friday,8:00 PM,good,,,"].join("\n");
    const { plan } = await buildDaylioPlan(parseDaylioCsv(csv), new Map([["good", 8]]), { userId: USER, timeZone: "UTC", now: NOW });
    expect(plan.problems.map((p) => [p.line, p.field])).toEqual([[2, "full_date"], [3, "full_date"]]);
    expect(plan.checkIns).toHaveLength(1);
  });

  it("says per row what was cut to fit 2,000 characters, and which notes got a ' against formulas", async () => {
    const long = "word ".repeat(500).trim(); // 2,499 characters
    const csv = [HEADER, `2026-03-01,March 1,Sunday,8:00 PM,good,"work | sport",Title,"${long}"`, '2026-03-02,March 2,Monday,8:00 PM,good,,"=HYPERLINK(""http://x"")",fine'].join("\n");
    const { plan, notices } = await buildDaylioPlan(parseDaylioCsv(csv), new Map([["good", 8]]), { userId: USER, timeZone: "UTC", now: NOW });
    expect(notices).toEqual([
      { line: 2, message: "Notes: note cut from 2,499 to 1,969 characters to fit the 2,000-character limit of notes." },
      { line: 3, message: "Notes start like a spreadsheet formula: stored with a ' in front, so no spreadsheet runs them." },
    ]);
    const [cut, guarded] = plan.checkIns;
    expect(cut?.notes).toHaveLength(2000);
    expect(cut?.notes).toMatch(/^Title\nword word .*…\nActivities: work, sport$/s);
    expect(guarded?.notes).toBe(`'=HYPERLINK("http://x")\nfine`);
  });
});

describe("composeNotes", () => {
  it("never splits a character when it cuts, and cuts title and activities only when they alone are too long", () => {
    const emoji = "😀".repeat(1500); // 3,000 UTF-16 units
    const { notes, cut } = composeNotes("", emoji, []);
    expect(notes!.length).toBeLessThanOrEqual(2000);
    expect(notes!.endsWith("😀…")).toBe(true);
    expect(cut).toMatch(/^note cut from 3,000 to 1,998 characters/);
    const huge = composeNotes("t".repeat(2500), "note", ["a"]);
    expect(huge.notes).toHaveLength(2000);
    expect(huge.cut).toMatch(/^title, note and activities cut from 2,519 to 1,999 characters/);
  });

  it("is null when there is nothing to keep", () => {
    expect(composeNotes("  ", "", [])).toEqual({ notes: null, cut: null, neutralised: false });
  });
});
