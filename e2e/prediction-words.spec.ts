import { expect, type Page, test } from "@playwright/test";
import { fillCheckIn } from "./fixtures/app-helpers";

// Issue 12, "words for people": the predictions speak to the person who checked in. Model names and versions are
// behind "Details"; every prediction carries one sentence on what it means and how sure the model is.

const MODEL_WORDS = /lgbm_|\bv\d+\.\d+\.\d+\b/;

/** Stores predictions for this browser's local user straight into IndexedDB, as earlier check-ins would have. */
async function seedPredictions(page: Page, rows: { prediction_type: string; label: string | null; score: number; probabilities: number[] | null }[]) {
  await page.evaluate(async (rows) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open("checkin-app");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction(["meta", "predictions"], "readwrite");
    const userId = await new Promise<string>((resolve) => {
      const get = tx.objectStore("meta").get("local_user_id");
      get.onsuccess = () => resolve(get.result as string);
    });
    for (const row of rows) {
      tx.objectStore("predictions").put({
        ...row, id: crypto.randomUUID(), user_id: userId, checkin_id: crypto.randomUUID(),
        model_name: "lgbm_burnout_v1", model_version: "1.0.0", created_at: new Date().toISOString(),
      });
    }
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
  }, rows);
}

test("Predictions: a probability under 1% reads 'under 1%', with its sentence; the model is behind Details", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto("/predictions");
  // Generous waits: this page reads IndexedDB after hydration, seconds on a loaded shared machine. Nothing is timed.
  await expect(page.getByText("No tomorrow's mood predictions yet.")).toBeVisible({ timeout: 60_000 });
  await seedPredictions(page, [{ prediction_type: "burnout_risk", label: "no", score: 0.997, probabilities: [0.997, 0.003] }]);
  await page.reload();
  await page.getByLabel("Prediction type").selectOption("burnout_risk");
  const item = page.getByTestId("prediction-item");
  await expect(item).toHaveCount(1, { timeout: 60_000 });
  await expect(item).toContainText("Burnout risk: low (under 1%)");
  await expect(item).not.toContainText("(0%)");
  await expect(item).toContainText("the model puts the chance at fewer than 1 in 100.");
  await expect(item.getByText(MODEL_WORDS)).toBeHidden();
  await item.getByText("Details", { exact: true }).click();
  await expect(item.getByText("Made by lgbm_burnout_v1 v1.0.0.")).toBeVisible();
  await expect(item.getByTestId("model-baselines")).toHaveCount(0); // no manifest seen in this browser yet
});

test("Predictions: a model that did not beat its baselines on test data says so behind Details, from the manifest's metrics", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto("/predictions");
  await expect(page.getByText("No tomorrow's mood predictions yet.")).toBeVisible({ timeout: 60_000 });
  await seedPredictions(page, [{ prediction_type: "burnout_risk", label: "no", score: 0.8, probabilities: [0.8, 0.2] }]);
  // The last validated manifest, as the model registry keeps it for offline starts, with burnout's metrics made worse
  // than both rules (Brier: lower is better).
  await page.evaluate(async () => {
    const manifest = await (await fetch("/models/manifest.json")).json();
    const burnout = manifest.models.find((m: { prediction_type: string }) => m.prediction_type === "burnout_risk");
    Object.assign(burnout, { name: "lgbm_burnout_v1", version: "1.0.0", metrics: { brier: 0.05, persistence_brier: 0.043, linear_brier: 0.0421 } });
    localStorage.setItem("checkin-models:manifest", JSON.stringify(manifest));
  });
  await page.reload();
  await page.getByLabel("Prediction type").selectOption("burnout_risk");
  const item = page.getByTestId("prediction-item");
  await expect(item).toHaveCount(1, { timeout: 60_000 });
  await item.getByText("Details", { exact: true }).click();
  await expect(item.getByTestId("model-baselines")).toHaveText(
    "On test data this model was no better than assuming tomorrow is like today, nor than a simple linear model on the same inputs. " +
      "Brier score on test data (lower is better): this model 0.0500; assuming tomorrow is like today 0.0430; a simple linear model on the same inputs 0.0421.",
  );
});

test("check-in page: five predictions in words, each with a sentence, the models behind Details", async ({ page }) => {
  test.setTimeout(480_000);
  await page.goto("/");
  await fillCheckIn(page, { Mood: "6", Energy: "6", Stress: "5", "Sleep (hours)": "7" });
  await page.getByRole("button", { name: "Save check-in" }).click();
  const results = page.getByTestId("prediction-results");
  // A first-ever save downloads and compiles five models: minutes on a loaded 2-core machine. Nothing here is timed.
  await expect(results).toBeVisible({ timeout: 300_000 });
  const items = results.getByRole("listitem");
  await expect(items).toHaveCount(5);
  for (const item of await items.all()) {
    await expect(item).not.toHaveText(MODEL_WORDS);
    await expect(item).not.toContainText("(0%)");
    await expect(item).not.toContainText("(100%)");
    await expect(item.locator(".prediction-meaning")).toHaveText(/^[A-Z].{40,}\.$/);
  }
  // "Sleep quality tonight" next to last night's sleep: its sentence says which night it is about.
  await expect(page.getByTestId("prediction-sleep_quality")).toContainText("not a measure of last night's sleep");
  const details = page.getByTestId("prediction-details");
  await expect(details.getByText("lgbm_multiclass_v1 v1.0.0", { exact: false })).toBeHidden();
  await details.getByText("Details", { exact: true }).click();
  await expect(details.getByText("Tomorrow's mood: lgbm_multiclass_v1 v1.0.0")).toBeVisible();
  await expect(details.getByRole("listitem")).toHaveCount(5);
  // Beside its name, each model's test-data record against "tomorrow like today", from the manifest's metrics.
  await expect(details.getByTestId("prediction-details-mood_tomorrow").getByTestId("model-baselines")).toContainText(
    /^ ?On test data this model (did better than|was no better than) assuming tomorrow is like today.*Accuracy on test data \(higher is better\): this model 0\.\d{3}; assuming tomorrow is like today 0\.\d{3}/,
  );

  // The same words on Predictions as on the check-in page.
  const onHome = (await page.getByTestId("prediction-mood_tomorrow").innerText()).split("\n")[0]!.trim();
  await page.getByRole("link", { name: "Predictions" }).click();
  const first = page.getByTestId("prediction-item").first();
  await expect(first).toContainText(onHome, { timeout: 60_000 });
});
