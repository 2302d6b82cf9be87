import { expect, test } from "@playwright/test";

test("home page renders in local mode with no configuration", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle(/Check-in/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByTestId("mode-badge")).toHaveText("Local mode");
  expect(response?.headers()["x-content-type-options"]).toBe("nosniff");
  expect(errors).toEqual([]);
});
