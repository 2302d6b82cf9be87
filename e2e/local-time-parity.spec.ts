import { expect, type Page, test } from "@playwright/test";
import { extractFeatures, type FeatureSource } from "@/lib/features/extract";
import { importOnnx } from "@/tools/training/gbm/onnx/import";
import { predict } from "@/tools/training/gbm/reference-evaluator";
import type { ModelEntry } from "@/lib/models/manifest-schema";
import { TRAINING_TIME_ZONE, wallClockTimestamp } from "@/scripts/models/simulate";
import { readManifest, readModelFile } from "@/tests/unit/models/bundled-models";
import { fillCheckIn, saveAndWaitForPredictions } from "./fixtures/app-helpers";

/**
 * Browser parity across time zones: a person in New York checks in through the real UI on a few local days at 21:00
 * (already tomorrow in UTC) and once at 23:30, across the end of DST (2026-11-01). What onnxruntime-web predicted in
 * the browser must equal what the training pipeline's own code gives for the same check-ins on their local
 * wall-clock days — features extracted as the pipeline does (wall-clock times written as UTC instants, read in
 * TRAINING_TIME_ZONE) and the bundled .onnx files evaluated by the repo's reference tree walk in Node.
 */
const ZONE = "America/New_York";
test.use({ timezoneId: ZONE });

/** Raw outputs of onnxruntime-web and the reference walk agree to ~1e-7 (tests/unit/models/parity.test.ts). */
const TOLERANCE = 1e-5;

type Step = {
  /** The instant, written with New York's offset of that day (EDT −04:00 until 2026-11-01 02:00, then EST −05:00). */
  instant: string;
  /** The same moment on the wall clock: local date and time. */
  local: { date: string; hour: number; minute: number };
  values: { mood: number; energy: number; stress: number; sleep: number | null; activity: number | null };
};

const STEPS: Step[] = [
  { instant: "2026-10-29T21:00:00-04:00", local: { date: "2026-10-29", hour: 21, minute: 0 }, values: { mood: 7, energy: 6, stress: 3, sleep: 7.5, activity: 40 } }, // Thu
  { instant: "2026-10-30T21:00:00-04:00", local: { date: "2026-10-30", hour: 21, minute: 0 }, values: { mood: 5, energy: 4, stress: 8, sleep: 6, activity: null } }, // Fri
  { instant: "2026-10-31T21:00:00-04:00", local: { date: "2026-10-31", hour: 21, minute: 0 }, values: { mood: 4, energy: 3, stress: 9, sleep: 5.5, activity: 10 } }, // Sat
  // Two check-ins of Sunday 2026-11-01 (a 25-hour day): 18:00 EST is still Sunday in UTC, 21:00 EST is Monday in UTC.
  { instant: "2026-11-01T18:00:00-05:00", local: { date: "2026-11-01", hour: 18, minute: 0 }, values: { mood: 6, energy: 5, stress: 6, sleep: 8, activity: 60 } },
  { instant: "2026-11-01T21:00:00-05:00", local: { date: "2026-11-01", hour: 21, minute: 0 }, values: { mood: 3, energy: 4, stress: 9, sleep: 8, activity: 0 } },
  { instant: "2026-11-02T21:00:00-05:00", local: { date: "2026-11-02", hour: 21, minute: 0 }, values: { mood: 6, energy: 7, stress: 5, sleep: 7, activity: 30 } }, // Mon
  // Tuesday 23:30 EST = Wednesday 04:30 UTC.
  { instant: "2026-11-03T23:30:00-05:00", local: { date: "2026-11-03", hour: 23, minute: 30 }, values: { mood: 8, energy: 6, stress: 4, sleep: 7.5, activity: 45 } },
];
const TUESDAY = 1;
const WEDNESDAY = 2;

type StoredPrediction = {
  checkin_id: string;
  prediction_type: string;
  label: string | null;
  score: number;
  probabilities: number[] | null;
  created_at: string;
};

/** The local store's predictions, read straight from IndexedDB (opened without a version: never upgrades it). */
async function storedPredictions(page: Page): Promise<StoredPrediction[]> {
  return page.evaluate(
    () =>
      new Promise<StoredPrediction[]>((resolve, reject) => {
        const open = indexedDB.open("checkin-app");
        open.onerror = () => reject(open.error ?? new Error("cannot open checkin-app"));
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction("predictions", "readonly").objectStore("predictions").getAll();
          all.onerror = () => reject(all.error ?? new Error("cannot read predictions"));
          all.onsuccess = () => {
            db.close();
            resolve(all.result as StoredPrediction[]);
          };
        };
      }),
  );
}

/** The check-in as the pipeline would have written it: the wall-clock reading as a UTC instant (wallClockTimestamp). */
function pipelineSource(step: Step): FeatureSource {
  const day = Date.parse(`${step.local.date}T00:00:00Z`) / 86_400_000;
  return { ...valuesOf(step), checkin_date: wallClockTimestamp(day, step.local.hour, step.local.minute) };
}

function instantSource(step: Step): FeatureSource {
  return { ...valuesOf(step), checkin_date: new Date(step.instant).toISOString() };
}

function valuesOf(step: Step): Omit<FeatureSource, "checkin_date"> {
  const v = step.values;
  return { mood: v.mood, energy: v.energy, stress: v.stress, sleep_hours: v.sleep, activity_minutes: v.activity };
}

/** The rows for step i: its history is every earlier step (all within the 28-day window), newest first. */
function rowFor(entry: ModelEntry, i: number, source: (s: Step) => FeatureSource, timeZone: string): Float32Array {
  const history = STEPS.slice(0, i).reverse().map(source);
  return extractFeatures(entry.features, source(STEPS[i] as Step), history, { timeZone });
}

/** The stored form (summarize-output.ts rounds to `digits`) of every value within TOLERANCE of `raw`. */
function storedMatches(got: number, raw: number, digits: number): boolean {
  const f = 10 ** digits;
  const lo = Math.round((raw - TOLERANCE) * f) / f;
  const hi = Math.round((raw + TOLERANCE) * f) / f;
  return got >= lo - 1e-9 && got <= hi + 1e-9;
}

/** Does the stored prediction equal (within TOLERANCE, before rounding) what Node computes from `row`? */
function agrees(entry: ModelEntry, ensemble: ReturnType<typeof importOnnx>, row: Float32Array, stored: StoredPrediction): boolean {
  const out = predict(ensemble, row);
  if (entry.task === "regression") {
    const value = out.value as number;
    const clamped = entry.target ? Math.min(entry.target.max, Math.max(entry.target.min, value)) : value;
    return storedMatches(stored.score, clamped, 2);
  }
  const probs = out.probabilities as number[];
  if (!stored.probabilities || stored.probabilities.length !== probs.length) return false;
  const best = Math.max(...probs);
  return storedMatches(stored.score, best, 4) && probs.every((p, c) => storedMatches(stored.probabilities?.[c] as number, p, 4));
}

test("browser predictions on local days equal the training pipeline's, in America/New_York", async ({ page }) => {
  test.setTimeout(240_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));

  await page.clock.install({ time: new Date(STEPS[0]?.instant as string) });
  await page.goto("/");
  await expect(page.getByTestId("mode-badge")).toHaveText("Local mode");
  expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(ZONE);

  for (const [i, step] of STEPS.entries()) {
    await page.clock.setSystemTime(new Date(step.instant));
    const v = step.values;
    await fillCheckIn(page, {
      Mood: String(v.mood),
      Energy: String(v.energy),
      Stress: String(v.stress),
      "Sleep (hours)": v.sleep === null ? "" : String(v.sleep),
      "Activity (minutes)": v.activity === null ? "" : String(v.activity),
      Notes: `check-in ${i + 1}`,
    });
    await saveAndWaitForPredictions(page, { expectDownload: i === 0 });
    // The results list is already visible from the previous save: wait for this save's five rows in the store.
    await expect.poll(async () => (await storedPredictions(page)).length, { timeout: 45_000 }).toBe(5 * (i + 1));
  }
  expect(errors).toEqual([]);

  // One group of five per check-in, in the order they were made (created_at is the page's clock).
  const byCheckIn = new Map<string, StoredPrediction[]>();
  for (const p of await storedPredictions(page)) byCheckIn.set(p.checkin_id, [...(byCheckIn.get(p.checkin_id) ?? []), p]);
  const groups = [...byCheckIn.values()].sort((a, b) => (a[0]?.created_at ?? "").localeCompare(b[0]?.created_at ?? ""));
  expect(groups).toHaveLength(STEPS.length);
  // The last check-in really is stored on the next UTC date: 23:30 EST on Tuesday is 04:30 UTC on Wednesday.
  expect(groups.at(-1)?.[0]?.created_at.slice(0, 10)).toBe("2026-11-04");

  const manifest = readManifest();
  const mismatches: string[] = [];
  let utcReadingRejected = false;
  for (const entry of manifest.models) {
    const ensemble = importOnnx(readModelFile(entry.file));
    const dow = entry.features.findIndex((f) => f.name === "day_of_week");
    for (const [i, group] of groups.entries()) {
      const stored = group.find((p) => p.prediction_type === entry.prediction_type);
      expect(stored, `${entry.name}, check-in ${i + 1}`).toBeDefined();
      const pipelineRow = rowFor(entry, i, pipelineSource, TRAINING_TIME_ZONE);
      // The app's reading of the real instants in the person's zone is the pipeline's row, value for value.
      expect(Array.from(rowFor(entry, i, instantSource, ZONE)), `${entry.name}, check-in ${i + 1}`).toEqual(Array.from(pipelineRow));
      if (!agrees(entry, ensemble, pipelineRow, stored as StoredPrediction)) {
        mismatches.push(`${entry.name}, check-in ${i + 1} (${STEPS[i]?.local.date}): browser ${JSON.stringify(stored)}, node ${JSON.stringify(predict(ensemble, pipelineRow))}`);
      }
      if (i === STEPS.length - 1) {
        // The plain fact: the day_of_week the models saw is the local weekday (Tuesday), not UTC's Wednesday.
        expect(pipelineRow[dow]).toBe(TUESDAY);
        const utcRow = rowFor(entry, i, instantSource, "UTC");
        expect(utcRow[dow]).toBe(WEDNESDAY);
        if (!agrees(entry, ensemble, utcRow, stored as StoredPrediction)) utcReadingRejected = true;
      }
    }
  }
  expect(mismatches, mismatches.join("\n")).toEqual([]);
  // The comparison can tell the two readings apart: UTC days (the old behaviour) do not reproduce what was stored.
  expect(utcReadingRejected).toBe(true);
});
