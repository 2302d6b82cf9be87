import { expect, type Page, test } from "@playwright/test";
import { DAYLIO_SAMPLE_PATH } from "../tests/support/daylio/sample";
import { downloadJson, importSection, localCounts, pickFile } from "./fixtures/import-page";

/**
 * Your data → Import with a Daylio CSV export in local mode, in Chromium against the production build: the mood
 * mapping is shown before anything is written, renamed moods wait for the person, several entries of a day are all
 * kept at their own times, energy and stress stay empty, nothing is predicted, and the same file twice adds nothing.
 */

// Daylio's times are local wall-clock times: read in this zone, the instants below are fixed.
test.use({ timezoneId: "America/New_York" });

const HEADER = "full_date,date,weekday,time,mood,activities,note_title,note";

async function openYourData(page: Page): Promise<void> {
  await page.goto("/your-data");
  await expect(importSection(page).getByLabel("File to import: a backup (JSON) or a Daylio export (CSV)")).toBeVisible();
}

const scoreOf = (page: Page, label: string) => importSection(page).getByTestId("daylio-mood-mapping").getByLabel(label, { exact: true });

test("a Daylio export with renamed moods and several entries a day: mapping first, then every entry as a check-in", async ({ page }) => {
  test.setTimeout(120_000);
  await openYourData(page);
  await pickFile(page, { name: "daylio_export.csv", path: DAYLIO_SAMPLE_PATH });
  const section = importSection(page);
  await expect(section.getByRole("heading", { name: "Daylio export: daylio-export.csv" })).toBeVisible();
  await expect(section).toContainText("9 entries to import as check-ins, each at its own time (read in this device's time zone, America/New_York).");

  // Daylio's five levels at their defaults ("Good" is Daylio's "good", renamed only in case); the renamed moods wait.
  await expect(scoreOf(page, "rad")).toHaveValue("10");
  await expect(scoreOf(page, "Good")).toHaveValue("8");
  await expect(scoreOf(page, "meh")).toHaveValue("6");
  await expect(scoreOf(page, "awful")).toHaveValue("1");
  await expect(scoreOf(page, "sleepy")).toHaveValue("");
  await expect(section.getByTestId("daylio-unassigned")).toHaveText("Choose a mood for “sleepy”, “Stressed out” to go on.");
  const next = section.getByRole("button", { name: "Continue with these moods" });
  await expect(next).toBeDisabled();
  expect(await localCounts(page)).toEqual({ check_ins: 0, predictions: 0, sync_queue: 0 });

  await scoreOf(page, "sleepy").selectOption("4");
  await scoreOf(page, "Stressed out").selectOption("3");
  await scoreOf(page, "rad").selectOption("9"); // a default can be changed too
  await next.click();
  await expect(section.getByTestId("import-summary")).toHaveText("9 new check-ins, no predictions (the app does not invent predictions for past days).");
  expect(await localCounts(page)).toEqual({ check_ins: 0, predictions: 0, sync_queue: 0 });
  await section.getByRole("button", { name: "Import", exact: true }).click();
  await expect(section.getByTestId("import-result")).toHaveText("Imported 9 check-ins and 0 predictions.");
  await section.getByRole("button", { name: "Done" }).click();
  expect(await localCounts(page)).toEqual({ check_ins: 9, predictions: 0, sync_queue: 0 });

  const stored = (await downloadJson(page)).check_ins.sort((a, b) => String(a.checkin_date).localeCompare(String(b.checkin_date)));
  expect(stored.map((c) => [c.checkin_date, c.mood, c.energy, c.stress])).toEqual([
    ["2026-03-07T23:15:00.000Z", 8, null, null],
    ["2026-03-09T02:00:00.000Z", 1, null, null],
    ["2026-03-10T00:30:00.000Z", 3, null, null],
    ["2026-03-11T01:00:00.000Z", 3, null, null],
    ["2026-03-11T11:00:00.000Z", 4, null, null],
    ["2026-03-11T17:05:00.000Z", 6, null, null],
    ["2026-03-12T02:30:00.000Z", 8, null, null],
    ["2026-03-12T12:10:00.000Z", 4, null, null],
    ["2026-03-13T01:45:00.000Z", 9, null, null],
  ]);
  expect(stored[8]?.notes).toBe("Birthday\nDinner with Ana, Tom and Lee.\nThen a film; we laughed a lot.\nActivities: friends, movies, good meal");

  // History shows them, with energy and stress empty rather than a number.
  await page.goto("/history");
  await expect(page.getByTestId("history-item").first()).toContainText("Mood 9 · Energy — · Stress —");

  // The same file again adds nothing.
  await openYourData(page);
  await pickFile(page, { name: "daylio_export.csv", path: DAYLIO_SAMPLE_PATH });
  await scoreOf(page, "sleepy").selectOption("4");
  await scoreOf(page, "Stressed out").selectOption("3");
  await scoreOf(page, "rad").selectOption("9");
  await section.getByRole("button", { name: "Continue with these moods" }).click();
  await expect(section.getByTestId("import-summary")).toHaveText("0 new check-ins (9 more already here), no predictions (the app does not invent predictions for past days).");
  await section.getByRole("button", { name: "Import", exact: true }).click();
  await expect(section.getByTestId("import-result")).toHaveText("Imported 0 check-ins and 0 predictions; 9 rows already here were left as they were.");
  expect(await localCounts(page)).toEqual({ check_ins: 9, predictions: 0, sync_queue: 0 });
});

test("a CSV that is not Daylio's is refused; bad rows and formula cells are listed by line and field, cut notes said, before anything is stored", async ({ page }) => {
  await openYourData(page);
  const section = importSection(page);
  await pickFile(page, { name: "other.csv", text: "id,checkin_date,mood\r\n1,2026-03-01,5\r\n" });
  await expect(section.getByTestId("import-error")).toHaveText(
    "This is not a Daylio CSV export: its first line should name the columns full_date,date,weekday,time,mood,activities,note_title,note, and it lacks full_date, date, weekday, time, activities, note_title, note. In Daylio: More → Export entries → CSV.",
  );

  const long = "word ".repeat(500).trim();
  const csv = [
    HEADER,
    `2026-03-05,March 5,Thursday,9:00 PM,good,"work | sport",Long day,"${long}"`,
    "2026-03-04,March 4,Wednesday,25:00,good,,,",
    '2026-03-03,March 3,Tuesday,8:00 PM,"=HYPERLINK(""http://evil.example"")",,,',
    '2026-03-02,March 2,Monday,8:00 PM,meh,,"@SUM(1+1)","fine"',
  ].join("\r\n");
  await pickFile(page, { name: "daylio.csv", text: csv });
  await section.getByRole("button", { name: "Continue with these moods" }).click();
  const problems = section.getByTestId("import-problems").getByRole("listitem");
  await expect(problems).toHaveText([
    'Line 3, time: "25:00" is not a time as Daylio writes it ("8:00 PM" or "20:00").',
    'Line 4, mood: Starts with "=" like a spreadsheet formula (CSV injection): not imported.',
  ]);
  await expect(section.getByTestId("daylio-notices").getByRole("listitem")).toHaveText([
    "Line 2: Notes: note cut from 2,499 to 1,966 characters to fit the 2,000-character limit of notes.",
    "Line 5: Notes start like a spreadsheet formula: stored with a ' in front, so no spreadsheet runs them.",
  ]);
  expect(await localCounts(page)).toEqual({ check_ins: 0, predictions: 0, sync_queue: 0 });
  await section.getByRole("button", { name: "Skip 2 problems and import" }).click();
  await expect(section.getByTestId("import-result")).toHaveText("Imported 2 check-ins and 0 predictions.");
  const notes = (await downloadJson(page)).check_ins.map((c) => String(c.notes)).sort();
  expect(notes[0]).toBe("'@SUM(1+1)\nfine");
  expect(notes[1]).toHaveLength(2000);
});
