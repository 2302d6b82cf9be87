import { expect, test } from "@playwright/test";
import { checkLayouts, expectNoAxeViolationsInBothSchemes, submitAndWaitForPredictions, VIEWPORTS } from "./fixtures/a11y";
import { fillCheckIn, waitForServiceWorker } from "./fixtures/app-helpers";
import { APP_PAGES } from "./fixtures/app-pages";

// Local mode. Supabase mode: e2e/supabase-a11y.spec.ts. Every page at phone size; axe in light and dark.
test.use({ viewport: VIEWPORTS.phone });

test("every page, empty: no axe violations in light or dark, and laid out at 390×844 and 1280×800", async ({ page }) => {
  test.setTimeout(600_000);
  for (const p of APP_PAGES) {
    await page.goto(p.path);
    await p.ready(page);
    await expectNoAxeViolationsInBothSchemes(page, `${p.path} (empty)`);
    await checkLayouts(page, `${p.name}-empty`, ["light", "dark"]);
  }
});

test("the check-in form with its errors shown: no axe violations", async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto("/");
  await expect(page.getByRole("button", { name: "Save check-in" })).toBeEnabled({ timeout: 30_000 });
  await fillCheckIn(page, { Mood: "0", "Sleep (hours)": "25", Notes: "x".repeat(2001) });
  await page.getByLabel("Mood").press("Enter");
  // One message per field: mood 0, energy and stress missing, sleep 25 h, notes too long.
  await expect(page.getByRole("form", { name: "Check in" }).getByRole("alert")).toHaveCount(5);
  await expectNoAxeViolationsInBothSchemes(page, "/ (errors shown)");
  await checkLayouts(page, "home-errors", ["light", "dark"]);
});

test("with data, then offline: no axe violations on the pages that show it", async ({ page, context }) => {
  test.setTimeout(600_000);
  await page.goto("/");
  await waitForServiceWorker(page);
  await fillCheckIn(page, { Mood: "7", Energy: "6", Stress: "4", "Sleep (hours)": "7.5", "Activity (minutes)": "30", Notes: "Walked to work." });
  await submitAndWaitForPredictions(page);
  await fillCheckIn(page, { Mood: "5", Energy: "4", Stress: "6" });
  await submitAndWaitForPredictions(page);
  await expectNoAxeViolationsInBothSchemes(page, "/ (predictions shown)");
  await checkLayouts(page, "home-predictions", ["light", "dark"]);

  for (const p of APP_PAGES.filter((x) => ["history", "predictions", "models", "your-data"].includes(x.name))) {
    await page.goto(p.path);
    await p.ready(page);
    if (p.name === "history") await expect(page.getByTestId("trend-chart").locator("path.recharts-line-curve")).toHaveCount(3);
    if (p.name === "predictions") await expect(page.getByTestId("prediction-item")).toHaveCount(2);
    await expectNoAxeViolationsInBothSchemes(page, `${p.path} (with data)`);
    await checkLayouts(page, `${p.name}-data`, ["light", "dark"]);
  }

  // Offline after a first visit: the pages come from the service worker, and an address never visited gets the
  // offline page (app/offline) instead of the browser's error.
  await page.goto("/");
  await context.setOffline(true);
  await expect(page.getByTestId("offline-badge")).toBeVisible();
  await expectNoAxeViolationsInBothSchemes(page, "/ (offline)");
  await checkLayouts(page, "home-offline", ["light", "dark"]);
  await page.goto("/history");
  await expect(page.getByTestId("history-item")).toHaveCount(2);
  await expectNoAxeViolationsInBothSchemes(page, "/history (offline)");
  await page.goto("/never-visited");
  await expect(page.getByRole("heading", { level: 1, name: "You are offline" })).toBeVisible();
  await expectNoAxeViolationsInBothSchemes(page, "/never-visited (offline fallback)");
  await checkLayouts(page, "offline-fallback", ["light", "dark"]);
  await context.setOffline(false);
});
