import { expect, test } from "@playwright/test";
import { expectFiveNumericPredictions, fillCheckIn, waitForServiceWorker } from "./fixtures/app-helpers";
import { startByteCountingProxy } from "./fixtures/byte-counting-proxy";

/**
 * A first Save before the service worker controls the page (its install precaches 2 MB, seconds on a slow link):
 * onnxruntime's chunk and its worker's glue are fetched past the worker, which caches only what it sees. Its install is
 * held here at the proxy (one precached URL answers only when released), so the Save deterministically comes first.
 */
test("a first Save before the service worker took over still predicts offline afterwards", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const proxy = await startByteCountingProxy(baseURL!);
  let release = () => {};
  const installHeld = new Promise<void>((resolve) => (release = resolve));
  let heldRequests = 0;
  proxy.override = async (path) => {
    if (path === "/offline") {
      heldRequests += 1;
      await installHeld;
    }
    return undefined;
  };
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${proxy.url}/`);
    await expect.poll(() => heldRequests, { message: "the service worker's install reached the held URL" }).toBeGreaterThan(0);
    await fillCheckIn(page, { Mood: "6", Energy: "5", Stress: "5" });
    await page.getByRole("button", { name: "Save check-in" }).click();
    const results = page.getByTestId("prediction-results");
    await expect(results).toBeVisible({ timeout: 120_000 });
    await expectFiveNumericPredictions(results);
    expect(await page.evaluate(() => navigator.serviceWorker.controller), "saved before the worker took over").toBeNull();

    release();
    await waitForServiceWorker(page);
    await context.setOffline(true);
    await page.reload();
    await fillCheckIn(page, { Mood: "4", Energy: "4", Stress: "7" });
    await page.getByRole("button", { name: "Save check-in" }).click();
    await expect(results).toBeVisible({ timeout: 60_000 });
    await expectFiveNumericPredictions(results);
  } finally {
    release();
    await context.setOffline(false);
    await context.close();
    await proxy.close();
  }
});
