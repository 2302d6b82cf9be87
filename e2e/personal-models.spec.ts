import { expect, type Page, test } from "@playwright/test";
import { expectNoAxeViolations } from "./fixtures/a11y";
import { fillCheckIn, screenshot, waitForServiceWorker } from "./fixtures/app-helpers";
import { type SeedDay, seedTrackRecord } from "./fixtures/seed-track-record";

/**
 * Personal models (issue 19, item 7), local mode, real Chromium, real build, real onnxruntime-web: 60 days of one
 * person's history, trained in the browser's worker; the gate's decision on the Models page; a Save that uses the
 * chosen model (the row names it), "Why?" over its own tree file; turning it off reverts to the general model; Delete
 * my data removes it.
 *
 * The person: stress 2 every day except 9 on Wednesdays, mood and energy steady. A weekly rhythm the population model
 * cannot know (it sees one person's 28 days at a time, and nobody in its training had this rhythm), so for tomorrow's
 * stress the personal trees beat it on the held-out days; for mood and energy they have nothing to add.
 */
test.use({ timezoneId: "UTC" });

const DAY_MS = 86_400_000;
const STRESS_PERSONAL = "lgbm_stress_forecast_v1_personal";

/** 60 days ending yesterday, at 20:00 UTC. */
function sixtyDays(): SeedDay[] {
  const today = Math.floor(Date.now() / DAY_MS);
  return Array.from({ length: 60 }, (_, i) => {
    const day = today - 60 + i;
    // 1970-01-01 was a Thursday: (day + 3) % 7 is 0 on Mondays, 2 on Wednesdays.
    const wednesday = (day + 3) % 7 === 2;
    return { at: new Date(day * DAY_MS + 20 * 3_600_000).toISOString(), mood: 6, energy: 6, stress: wednesday ? 9 : 2, sleep: 7 };
  });
}

type Row = Record<string, unknown>;

/** Reads a store of the app's database as the page sees it. */
function readStore(page: Page, store: "predictions" | "personal_models" | "meta"): Promise<Row[]> {
  return page.evaluate(
    (name) =>
      new Promise<Row[]>((resolve, reject) => {
        const open = indexedDB.open("checkin-app");
        open.onerror = () => reject(open.error ?? new Error("cannot open checkin-app"));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(name);
          const all = tx.objectStore(name).getAll();
          const keys = tx.objectStore(name).getAllKeys();
          tx.oncomplete = () => {
            db.close();
            // meta has out-of-line keys: pair them up; blobs are reported by size only.
            resolve(
              all.result.map((v: unknown, i: number) => {
                const value: Row = v && typeof v === "object" ? { ...(v as Row) } : { value: v };
                const model = (value as { model?: Record<string, unknown> }).model;
                if (model) value.model = { ...model, onnx: (model.onnx as Blob).size, treeFile: (model.treeFile as Blob).size };
                return { key: keys.result[i], ...value };
              }),
            );
          };
          tx.onerror = () => reject(tx.error ?? new Error(`cannot read ${name}`));
        };
      }),
    store,
  );
}

async function saveCheckIn(page: Page): Promise<void> {
  await page.goto("/");
  await fillCheckIn(page, { Mood: "6", Energy: "6", Stress: "2", "Sleep (hours)": "7", "Activity (minutes)": "30" });
  await page.getByRole("button", { name: "Save check-in" }).click();
  await expect(page.getByTestId("prediction-results").getByRole("listitem")).toHaveCount(5, { timeout: 240_000 });
}

test("60 days of history: trained in the browser, chosen by the gate, used by Save and Why?, turned off, deleted", async ({ page }) => {
  test.setTimeout(600_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // Anything the personal model's files could be fetched as (they live only on this device), service worker included.
  const personalRequests: string[] = [];
  page.context().on("request", (r) => {
    if (/^\/models\/.*personal/.test(new URL(r.url()).pathname)) personalRequests.push(r.url());
  });

  await page.goto("/history");
  await expect(page.getByTestId("mode-badge")).toHaveText("Local mode");
  await waitForServiceWorker(page);
  await seedTrackRecord(page, sixtyDays());

  // The Models page brings the personal models up to date at idle, in the training worker.
  await page.goto("/models");
  const section = page.getByTestId("personal-models");
  await expect(section.getByRole("heading", { name: "Personal models" })).toBeVisible();
  const stress = section.getByTestId("personal-stress_forecast");
  await expect(stress).toHaveAttribute("data-status", "chosen", { timeout: 180_000 });
  await expect(stress.getByTestId("personal-status-stress_forecast")).toHaveText("Chosen: used for your predictions");
  // The gate's comparison, every number beside the general model's and "tomorrow is like today".
  await expect(stress.getByTestId("personal-heldout-stress_forecast")).toHaveText(
    /^On your last 21 days \(held out from its training\), tomorrow's stress was missed by \d\.\d\d points on average with the personal model, \d\.\d\d with the general model, \d\.\d\d assuming tomorrow is like today\./,
  );
  for (const type of ["mood_tomorrow", "energy_dip"]) {
    await expect(section.getByTestId(`personal-${type}`)).toHaveAttribute("data-status", /^(chosen|declined)$/);
    await expect(section.getByTestId(`personal-heldout-${type}`)).toHaveText(/^On your last 21 days/);
  }
  await expect(section.getByTestId("personal-mood_tomorrow").getByTestId("personal-heldout-mood_tomorrow")).toHaveText(
    /personal model right on \d+, general model \d+, assuming tomorrow is like today \d+\./,
  );
  const stored = await readStore(page, "personal_models");
  expect(stored.map((r) => r.prediction_type).sort()).toEqual(["energy_dip", "mood_tomorrow", "stress_forecast"]);
  const stressRecord = stored.find((r) => r.prediction_type === "stress_forecast") as { scoredDays: number; model: { sha256: string; onnx: number } };
  expect(stressRecord.scoredDays).toBe(59);
  expect(stressRecord.model.onnx).toBeGreaterThan(100_000);
  await expectNoAxeViolations(page, "Models with personal models");
  await screenshot(page, "personal-models-chosen");
  // Beside the track record, the record that chose between them.
  await page.goto("/predictions");
  await expect(page.getByTestId("personal-record-stress_forecast")).toHaveText(/^Tomorrow's stress \(your personal model is used\): On your last 21 days/);
  await expectNoAxeViolations(page, "Predictions with personal models");

  // Save: tomorrow's stress comes from the personal model, and the stored row names it (name, generic version + hash).
  await saveCheckIn(page);
  const results = page.getByTestId("prediction-results");
  await expect(results.getByTestId("personal-stress_forecast")).toHaveText(/From your personal model/);
  await page.getByTestId("prediction-details").getByText("Details").click();
  await expect(page.getByTestId("prediction-details")).toContainText(`${STRESS_PERSONAL} v`);
  let predictions = await readStore(page, "predictions");
  const personalRow = predictions.find((p) => p.model_name === STRESS_PERSONAL);
  expect(personalRow?.model_version).toMatch(new RegExp(`^[^+]+\\+p\\.${stressRecord.model.sha256.slice(0, 12)}$`));
  // A row carries what any prediction row carries, nothing of the model.
  expect(Object.keys(personalRow!).sort()).toEqual(
    ["key", "id", "user_id", "checkin_id", "prediction_type", "model_name", "model_version", "label", "score", "probabilities", "created_at"].sort(),
  );

  // "Why?" explains it with its own tree file, read from this device; its lines add up to the number shown.
  const item = results.getByTestId("prediction-stress_forecast");
  await item.getByRole("button", { name: "Why?" }).click();
  const sum = item.getByRole("region", { name: "Why this prediction" }).getByTestId("why-sum");
  await expect(sum).toBeVisible({ timeout: 60_000 });
  const [baseline, rest, shown] = await sum.evaluate((el) => [Number(el.dataset.baseline), Number(el.dataset.rest), Number(el.dataset.shown)]);
  const amounts = await item.locator("li[data-amount]").evaluateAll((lis) => lis.map((li) => Number((li as HTMLElement).dataset.amount)));
  expect(baseline + amounts.reduce((a, b) => a + b, 0) + rest).toBeCloseTo(shown, 6);
  expect(shown).toBeCloseTo(Number(personalRow!.score), 1);
  expect(personalRequests).toEqual([]);

  // Off: the next Save uses the general model for every type.
  await page.goto("/models");
  const toggle = page.getByRole("switch", { name: "Use my personal models" });
  await expect(toggle).toBeChecked();
  await toggle.click();
  await expect(toggle).not.toBeChecked();
  await expect(page.getByTestId("personal-status-stress_forecast")).toHaveText(/^Chosen, but you turned personal models off/);
  await saveCheckIn(page);
  await expect(page.getByTestId("prediction-results").getByTestId("personal-stress_forecast")).toHaveCount(0);
  predictions = await readStore(page, "predictions");
  const newest = predictions.filter((p) => p.prediction_type === "stress_forecast").sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)))[0];
  expect(newest?.model_name).toBe("lgbm_stress_forecast_v1");
  // Remembered: still off after a reload.
  await page.goto("/models");
  await expect(page.getByRole("switch", { name: "Use my personal models" })).not.toBeChecked();

  // Delete my data: the personal models and the switch go with the rest.
  await page.goto("/your-data");
  await page.getByRole("button", { name: "Delete my data" }).click();
  await page.getByRole("button", { name: "Yes, delete everything" }).click();
  await expect(page.getByRole("status").filter({ hasText: "deleted from this browser" })).toBeVisible();
  expect(await readStore(page, "personal_models")).toEqual([]);
  expect((await readStore(page, "meta")).filter((m) => String(m.key).startsWith("personal_off:"))).toEqual([]);
  await page.goto("/models");
  await expect(page.getByTestId("personal-stress_forecast")).toHaveAttribute("data-status", "needs-days");
  await expect(page.getByTestId("personal-status-stress_forecast")).toHaveText("Needs 21 scored days: 0 of 21");
  expect(errors).toEqual([]);
});
