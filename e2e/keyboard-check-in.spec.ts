import { expect, type Page, test } from "@playwright/test";
import { VIEWPORTS } from "./fixtures/a11y";
import { screenshot } from "./fixtures/app-helpers";

// A phone-sized screen, as in the issue: a new user checks in with the keyboard alone.
test.use({ viewport: VIEWPORTS.phone });

/** The focused element's accessible name (label, text or aria-label), and whether its focus ring shows. */
async function focused(page: Page): Promise<{ name: string; ring: boolean }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { name: "(body)", ring: false };
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
    const name = (label ?? el.getAttribute("aria-label") ?? el.textContent ?? "").trim();
    const style = getComputedStyle(el);
    // A visible ring: an outline of 2px or more that is not transparent (the :focus-visible rule in globals.css).
    const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 && !/rgba\(.*, 0\)$/.test(style.outlineColor);
    return { name, ring };
  });
}

test("keyboard only: Tab order, Enter submits, focus moves to the results, a live region says them", async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto("/");
  await expect(page.getByRole("button", { name: "Save check-in" })).toBeEnabled({ timeout: 30_000 });
  const status = page.getByTestId("check-in-status");
  // The live region is there, silent, before anything happens (a region that appears with its text is often not read).
  await expect(status).toHaveAttribute("role", "status");
  await expect(status).toHaveText("");

  const order: string[] = [];
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    expect(f.ring, `focus ring on "${f.name}"`).toBe(true);
    order.push(f.name);
  }
  expect(order).toEqual([
    "Skip to content",
    "Check-in",
    "Check in",
    "History",
    "Predictions",
    "Models",
    "Your data",
    "Mood",
    "Energy",
    "Stress",
    "Sleep (hours)",
    "Activity (minutes)",
    "Notes",
    "Save check-in",
  ]);

  // From the top again: the skip link goes past the header, straight to the form.
  await page.goto("/");
  await expect(page.getByRole("button", { name: "Save check-in" })).toBeEnabled({ timeout: 30_000 });
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await screenshot(page, "keyboard-skip-link");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Mood", { exact: true })).toBeFocused();

  // Enter with a required field missing: the errors are said (role=alert) and focus goes to the first field to fix.
  await page.keyboard.type("7");
  await page.keyboard.press("Enter");
  await expect(page.locator("#energy-error")).toHaveAttribute("role", "alert");
  await expect(page.getByLabel("Energy", { exact: true })).toBeFocused();
  await page.keyboard.type("6");
  await page.keyboard.press("Tab");
  await page.keyboard.type("4");
  await page.keyboard.press("Tab");
  await page.keyboard.type("7.5");
  await page.keyboard.press("Enter");

  const results = page.getByTestId("prediction-results");
  await expect(results.getByRole("listitem")).toHaveCount(5, { timeout: 150_000 });
  await expect(page.getByTestId("results-focus")).toBeFocused();
  expect((await focused(page)).ring, "focus ring on the results").toBe(true);
  await expect(status).toContainText("Check-in saved.");
  await expect(status).toContainText(/What to expect: Tomorrow's mood: .+\. .+\./);
  // The sentence says what the list shows, one prediction per line.
  for (const text of await results.getByRole("listitem").allInnerTexts()) {
    await expect(status).toContainText(text.split(/\n| · /)[0]!.trim());
  }
  await screenshot(page, "keyboard-results");

  // Saved, the draft kept for error pages and reloads (use-check-in-draft.ts) is gone: a reload shows an empty form.
  await page.reload();
  await expect(page.getByRole("button", { name: "Save check-in" })).toBeEnabled({ timeout: 30_000 });
  await expect(page.getByLabel("Sleep (hours)", { exact: true })).toHaveValue("");
});
