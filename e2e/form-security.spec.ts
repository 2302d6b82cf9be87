import { expect, test } from "@playwright/test";
import { fillCheckIn, leaked } from "./fixtures/form-leaks";
import { type LoggingProxy, startLoggingProxy } from "./fixtures/logging-proxy";

/**
 * No check-in data in a URL, ever. Before the page hydrates, "Save check-in" must not submit the form natively (a GET
 * would put every field, notes included, in the URL: in server and proxy logs, and in the history). Checked on the
 * server side: a logging proxy in front of `next start` records every request URL.
 * supabase-form-security.spec.ts runs the same checks, plus the sign-in form's, in Supabase mode.
 */
let proxy: LoggingProxy;

test.beforeAll(async ({}, info) => {
  proxy = await startLoggingProxy(info.project.use.baseURL!);
});
test.afterAll(async () => {
  await proxy?.close();
});

test.describe("with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false });

  test("Save check-in cannot submit the form: no field in any URL, and the page says it is still loading", async ({ page }) => {
    proxy.log.length = 0;
    await page.goto(`${proxy.url}/`);
    await fillCheckIn(page);
    const save = page.locator("form[aria-label='Check in'] button[type=submit]");
    await expect(save).toBeDisabled();
    await expect(save).toHaveText(/loading/i);
    await save.click({ force: true });
    await page.getByLabel("Notes").press("Enter"); // textarea: a newline, not a submission
    await page.getByLabel("Mood").press("Enter"); // implicit submission
    await page.waitForTimeout(500);
    expect(leaked(proxy.log)).toEqual([]);
    expect(new URL(page.url()).search).toBe("");
    expect(proxy.log.length).toBeGreaterThan(0);
  });
});

test("with the JavaScript delayed, Save before hydration sends nothing in a URL, then works once hydrated", async ({ page }) => {
  proxy.log.length = 0;
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/_next\/static\/chunks\//, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${proxy.url}/`, { waitUntil: "commit" });
  await page.getByLabel("Mood").waitFor();
  await fillCheckIn(page);
  const save = page.locator("form[aria-label='Check in'] button[type=submit]");
  await save.click({ force: true });
  await page.getByLabel("Mood").press("Enter");
  await page.waitForTimeout(500);
  expect(leaked(proxy.log)).toEqual([]);
  release();
  await expect(page.getByRole("button", { name: "Save check-in" })).toBeEnabled();
  expect(leaked(proxy.log)).toEqual([]);
  expect(new URL(page.url()).search).toBe("");
});
