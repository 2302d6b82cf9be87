import { checkLayouts, expectNoAxeViolationsInBothSchemes, submitAndWaitForPredictions, VIEWPORTS } from "./fixtures/a11y";
import { fillCheckIn, waitForServiceWorker } from "./fixtures/app-helpers";
import { APP_PAGES } from "./fixtures/app-pages";
import { createUser, expect, test, uniqueEmail, PASSWORD, signIn } from "./fixtures/stack";

// Supabase mode (the test stack): the same axe checks as e2e/a11y.spec.ts, plus what only this mode shows — the sign-in
// form and its errors, the account in the header, sync badges.
test.use({ viewport: VIEWPORTS.phone });


test("signed out: every page and the sign-in form's errors, no axe violations", async ({ page, stack }) => {
  test.setTimeout(600_000);
  void stack;
  for (const p of APP_PAGES) {
    await page.goto(p.path);
    await p.ready(page);
    await expectNoAxeViolationsInBothSchemes(page, `${p.path} (Supabase, signed out)`);
  }
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();
  // Empty fields: the browser's own validation (required) stops the submit and points at the email field.
  expect(await page.getByLabel("Email").evaluate((el) => (el as HTMLInputElement).validity.valueMissing)).toBe(true);
  await expectNoAxeViolationsInBothSchemes(page, "/sign-in (invalid input)");
  await page.getByLabel("Email").fill(uniqueEmail("a11y-nobody"));
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  // Next's route announcer is an alert too (empty): the form's own is the one with text.
  await expect(page.getByRole("alert").filter({ hasText: /invalid/i })).toBeVisible();
  await expectNoAxeViolationsInBothSchemes(page, "/sign-in (refused)");
  await checkLayouts(page, "supabase-sign-in-error", ["light", "dark"]);
});

test("signed in, with data, then offline: no axe violations", async ({ page, context, stack }) => {
  test.setTimeout(600_000);
  void stack;
  const email = uniqueEmail("a11y");
  await createUser(email, PASSWORD);
  await signIn(page, email);
  await waitForServiceWorker(page);
  await fillCheckIn(page, { Mood: "7", Energy: "6", Stress: "4", "Sleep (hours)": "7.5", Notes: "axe in Supabase mode" });
  await submitAndWaitForPredictions(page);
  await expectNoAxeViolationsInBothSchemes(page, "/ (Supabase, predictions shown)");
  await checkLayouts(page, "supabase-home-predictions", ["light", "dark"]);
  for (const p of APP_PAGES.filter((x) => ["history", "predictions", "your-data"].includes(x.name))) {
    await page.goto(p.path);
    await p.ready(page);
    await expectNoAxeViolationsInBothSchemes(page, `${p.path} (Supabase, with data)`);
  }
  await page.goto("/history");
  await expect(page.getByTestId("sync-mark").first()).toHaveText("Synced", { timeout: 20_000 });
  await expectNoAxeViolationsInBothSchemes(page, "/history (Supabase, synced)");

  // Offline: a check-in waits to sync (the header's badges), and an address never visited gets the offline page.
  await page.goto("/");
  await context.setOffline(true);
  await expect(page.getByTestId("offline-badge")).toBeVisible();
  await fillCheckIn(page, { Mood: "4", Energy: "3", Stress: "7" });
  await submitAndWaitForPredictions(page);
  await expect(page.getByTestId("pending-badge")).toBeVisible();
  await expectNoAxeViolationsInBothSchemes(page, "/ (Supabase, offline, waiting to sync)");
  await checkLayouts(page, "supabase-home-offline", ["light", "dark"]);
  await page.goto("/never-visited");
  await expect(page.getByRole("heading", { level: 1, name: "You are offline" })).toBeVisible();
  await expectNoAxeViolationsInBothSchemes(page, "/never-visited (Supabase, offline fallback)");
  await context.setOffline(false);
});
