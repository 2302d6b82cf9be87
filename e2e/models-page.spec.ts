import { expect, type Page, test } from "@playwright/test";
import type { Manifest } from "@/lib/models/manifest-schema";
import { isModelFile, isOrtFile, recordRequests, servedFile } from "./fixtures/models-harness";

async function smallestModel(page: Page) {
  const manifest = (await (await page.request.get("/models/manifest.json")).json()) as Manifest;
  return [...manifest.models].sort((a, b) => a.bytes - b.bytes)[0]!;
}

test("the Models page loads a model with progress, shows it cached, and clears it", async ({ page }) => {
  const downloads = recordRequests(page, (url) => isModelFile(url) || isOrtFile(url));
  await page.goto("/models");
  const entry = await smallestModel(page);
  const row = page.getByTestId(`model-row-${entry.name}`);
  await expect(row.getByTestId(`model-phase-${entry.name}`)).toHaveText("Not loaded");
  expect(downloads).toHaveLength(0); // opening the page fetched the manifest only

  await page.getByRole("button", { name: `Load ${entry.name}` }).click();
  await expect(row.getByTestId(`model-phase-${entry.name}`)).toHaveText("Ready", { timeout: 45_000 });
  const progress = page.getByRole("progressbar", { name: `${entry.name} progress` });
  await expect(progress).toHaveAttribute("value", String(entry.bytes));
  await expect(page.getByTestId(`model-cached-${entry.name}`)).not.toHaveText("—");
  await expect(page.getByTestId("storage-estimate")).toContainText("Storage used by this site");

  await page.reload();
  await expect(page.getByTestId(`model-phase-${entry.name}`)).toHaveText("Cached");
  await page.getByRole("button", { name: `Clear ${entry.name}` }).click();
  await expect(page.getByTestId(`model-phase-${entry.name}`)).toHaveText("Not loaded");
  await expect(page.getByTestId(`model-cached-${entry.name}`)).toHaveText("—");
});

test("server errors (404, 500, HTML with 200) show a clear error and never reach the cache", async ({ page }) => {
  await page.goto("/models");
  const entry = await smallestModel(page);
  const file = servedFile(entry).file;
  const answers = [
    { status: 404, contentType: "text/html", body: "<html>Not found</html>", expect: /HTTP 404/ },
    { status: 500, contentType: "text/plain", body: "boom", expect: /HTTP 500/ },
    { status: 200, contentType: "text/html; charset=utf-8", body: "<!doctype html><title>Login</title>", expect: /web page/ },
  ];
  for (const answer of answers) {
    await page.route(`**/models/${file}`, (route) =>
      route.fulfill({ status: answer.status, contentType: answer.contentType, body: answer.body }),
    );
    await page.getByRole("button", { name: `Load ${entry.name}` }).click();
    // The first load fetches onnxruntime's own bytes before the model's (runtime first, lib/models/registry.ts).
    await expect(page.getByTestId(`model-row-${entry.name}`).getByRole("alert")).toHaveText(answer.expect, { timeout: 45_000 });
    await expect(page.getByTestId(`model-phase-${entry.name}`)).toHaveText("Error");
    await expect(page.getByTestId(`model-cached-${entry.name}`)).toHaveText("—");
    await page.unroute(`**/models/${file}`);
  }
  // The failure was not remembered: the next load succeeds.
  await page.getByRole("button", { name: `Load ${entry.name}` }).click();
  await expect(page.getByTestId(`model-phase-${entry.name}`)).toHaveText("Ready", { timeout: 45_000 });
});

test("with IndexedDB unavailable, models still load and the page says they are kept in memory only", async ({ page }) => {
  await page.addInitScript(() => {
    // As in some private windows: the API exists but refuses to open.
    IDBFactory.prototype.open = () => {
      throw new DOMException("The user denied permission to access the database.", "SecurityError");
    };
  });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/models");
  const entry = await smallestModel(page);
  await page.getByRole("button", { name: `Load ${entry.name}` }).click();
  await expect(page.getByTestId(`model-phase-${entry.name}`)).toHaveText("Ready", { timeout: 45_000 });
  await expect(page.getByTestId("storage-estimate")).toContainText("memory for this visit only");
  await expect(page.getByTestId(`model-row-${entry.name}`)).toContainText("IndexedDB");
  expect(errors).toEqual([]);
});
