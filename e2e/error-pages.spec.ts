import { expect, type Page, test } from "@playwright/test";
import { fillCheckIn, screenshot } from "./fixtures/app-helpers";

const DRAFT = { Mood: "6", Energy: "5", "Sleep (hours)": "7", Notes: "typed before the error page" } as const;

// Generous: the machines that run this are often busy.
test.describe.configure({ timeout: 120_000 });

async function typeDraft(page: Page): Promise<void> {
  await page.goto("/");
  await expect(page.getByRole("button", { name: "Save check-in" })).toBeEnabled({ timeout: 30_000 });
  await fillCheckIn(page, DRAFT);
}

async function expectDraft(page: Page): Promise<void> {
  await expect(page.getByRole("button", { name: "Save check-in" })).toBeEnabled({ timeout: 30_000 });
  for (const [label, value] of Object.entries(DRAFT)) await expect(page.getByLabel(label, { exact: true })).toHaveValue(value);
}

test("not found: the app's own page with a 404, a way back, and the form's draft still there", async ({ page }) => {
  await typeDraft(page);
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await screenshot(page, "not-found");
  await page.getByRole("link", { name: "Back to check-in" }).click();
  await expectDraft(page);
});

test("a page that fails: the error page in the app's look, Try again and a way back, the form's draft kept", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await typeDraft(page);
  await page.goto("/test/crash");
  const alert = page.getByTestId("error-page");
  await expect(alert.getByRole("heading", { level: 1, name: "Something went wrong" })).toBeVisible();
  await expect(alert.getByRole("heading", { level: 1 })).toBeFocused();
  await expect(alert).toContainText("The crash harness failed on purpose.");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await screenshot(page, "error-page");
  // Try again renders the page again (here it fails again, on purpose): the error page stays, nothing breaks.
  await alert.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByTestId("error-page")).toBeVisible();
  await page.getByRole("link", { name: "Back to check-in" }).click();
  await expectDraft(page);

  expect(errors.filter((m) => !m.includes("crash harness"))).toEqual([]);
});
