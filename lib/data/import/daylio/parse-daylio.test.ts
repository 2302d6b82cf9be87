import { describe, expect, it } from "vitest";
import { ImportFileError } from "@/lib/data/import/import-plan";
import { DAYLIO_SAMPLE as SAMPLE } from "@/tests/support/daylio/sample";
import { parseDaylioCsv } from "./parse-daylio";
const HEADER = "full_date,date,weekday,time,mood,activities,note_title,note";

describe("parseDaylioCsv", () => {
  it("reads every entry of the sample, several a day each at its own time, with the line it starts on", () => {
    const file = parseDaylioCsv(SAMPLE);
    expect(file.problems).toEqual([]);
    expect(file.entries.map((e) => [e.line, e.date, e.minutes, e.mood])).toEqual([
      [2, "2026-03-12", 21 * 60 + 45, "rad"],
      [4, "2026-03-12", 8 * 60 + 10, "sleepy"],
      [5, "2026-03-11", 22 * 60 + 30, "good"],
      [6, "2026-03-11", 13 * 60 + 5, "meh"],
      [7, "2026-03-11", 7 * 60, "sleepy"],
      [8, "2026-03-10", 21 * 60, "Stressed out"],
      [9, "2026-03-09", 20 * 60 + 30, "bad"],
      [10, "2026-03-08", 22 * 60, "awful"],
      [11, "2026-03-07", 18 * 60 + 15, "Good"],
    ]);
    const [birthday, , run] = file.entries;
    expect(birthday).toMatchObject({ activities: ["friends", "movies", "good meal"], noteTitle: "Birthday", note: "Dinner with Ana, Tom and Lee.\nThen a film; we laughed a lot." });
    expect(run?.note).toBe('Ran 5 km, felt "great" afterwards');
  });

  it("lists the mood labels: default levels first (any case), renamed ones after, by how often they appear", () => {
    expect(parseDaylioCsv(SAMPLE).moods).toEqual([
      { label: "rad", entries: 1, level: "rad" },
      { label: "Good", entries: 1, level: "good" },
      { label: "good", entries: 1, level: "good" },
      { label: "meh", entries: 1, level: "meh" },
      { label: "bad", entries: 1, level: "bad" },
      { label: "awful", entries: 1, level: "awful" },
      { label: "sleepy", entries: 2, level: null },
      { label: "Stressed out", entries: 1, level: null },
    ]);
  });

  it("reads 12- and 24-hour times", () => {
    const times = ["12:00 AM", "12:30 PM", "1:05 pm", "11:59 p.m.", "00:00", "23:59", "7:05", "07:05:00"];
    const csv = [HEADER, ...times.map((t) => `2026-03-01,March 1,Sunday,${t},meh,,,`)].join("\n");
    expect(parseDaylioCsv(csv).entries.map((e) => e.minutes)).toEqual([0, 750, 785, 1439, 0, 1439, 425, 425]);
  });

  it("skips a bad row with its line, field and why, and reads the rest", () => {
    const csv = [
      HEADER,
      "2026-02-30,February 30,Monday,8:00 PM,good,,,", // 2: no such day
      "03/01/2026,March 1,Sunday,8:00 PM,good,,,", // 3: not YYYY-MM-DD
      "2026-03-01,March 1,Sunday,25:00,good,,,", // 4
      "2026-03-01,March 1,Sunday,13:00 PM,good,,,", // 5
      "2026-03-01,March 1,Sunday,8:00 PM,,,,", // 6: no mood
      "2026-03-01,March 1,Sunday,8:00 PM,good,a,b", // 7: a field short
      '2026-03-01,March 1,Sunday,8:00 PM,good,"a,"b,"note"', // 8: quote after quote
      "2026-03-01,March 1,Sunday,8:00 PM,good,work,,fine", // 9: good
    ].join("\r\n");
    const file = parseDaylioCsv(csv);
    expect(file.problems.map((p) => [p.line, p.field])).toEqual([
      [2, "full_date"],
      [3, "full_date"],
      [4, "time"],
      [5, "time"],
      [6, "mood"],
      [7, null],
      [8, null],
    ]);
    expect(file.problems[0]?.message).toBe("2026-02-30 is not a day of the calendar.");
    expect(file.problems[2]?.message).toBe('"25:00" is not a time as Daylio writes it ("8:00 PM" or "20:00").');
    expect(file.problems[5]?.message).toMatch(/Has 7 fields where the header has 8/);
    expect(file.entries.map((e) => e.line)).toEqual([9]);
  });

  it("refuses cells of the date, time or mood columns that start like a spreadsheet formula (CSV injection)", () => {
    const csv = [
      HEADER,
      '2026-03-01,March 1,Sunday,8:00 PM,"=HYPERLINK(""http://evil.example"",""rad"")",,,',
      "2026-03-01,March 1,Sunday,@SUM(A1),good,,,",
      '"+2026-03-01",March 1,Sunday,8:00 PM,good,,,',
      '2026-03-01,March 1,Sunday,"\t8:00 PM",good,,,',
      "2026-03-01,March 1,Sunday,8:00 PM,-meh,,,",
    ].join("\n");
    const file = parseDaylioCsv(csv);
    expect(file.entries).toEqual([]);
    expect(file.problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [2, "mood", 'Starts with "=" like a spreadsheet formula (CSV injection): not imported.'],
      [3, "time", 'Starts with "@" like a spreadsheet formula (CSV injection): not imported.'],
      [4, "full_date", 'Starts with "+" like a spreadsheet formula (CSV injection): not imported.'],
      [5, "time", "Starts with a tab like a spreadsheet formula (CSV injection): not imported."],
      [6, "mood", 'Starts with "-" like a spreadsheet formula (CSV injection): not imported.'],
    ]);
  });

  it("refuses a file whose header is not Daylio's, naming what is missing", () => {
    expect(() => parseDaylioCsv("id,checkin_date,mood,energy\r\n1,2026-03-01,5,5\r\n")).toThrowError(ImportFileError);
    expect(() => parseDaylioCsv("full_date,date,weekday,time,mood,activities,note\r\n")).toThrowError(
      "This is not a Daylio CSV export: its first line should name the columns full_date,date,weekday,time,mood,activities,note_title,note, and it lacks note_title. In Daylio: More → Export entries → CSV.",
    );
    expect(() => parseDaylioCsv("")).toThrowError(/empty/);
    // Other columns (newer exports add some) and another order are fine.
    const reordered = "mood,full_date,time,date,weekday,activities,note,note_title,scales\r\ngood,2026-03-01,8:00 PM,March 1,Sunday,,,,\r\n";
    expect(parseDaylioCsv(reordered).entries).toMatchObject([{ date: "2026-03-01", minutes: 1200, mood: "good" }]);
  });
});
