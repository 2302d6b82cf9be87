import { expect, test } from "@playwright/test";
import { fillCheckIn, leaked } from "./fixtures/form-leaks";
import { type LoggingProxy, startLoggingProxy } from "./fixtures/logging-proxy";

/**
 * Supabase mode: before hydration neither the check-in form nor the sign-in form can submit natively (a GET would put
 * the notes — or the email and password — in the URL, and so in server and proxy logs). Counted on the server side by
 * a logging proxy in front of `next start` (e2e/fixtures/logging-proxy.ts). Local mode: form-security.spec.ts.
 */
test.skip(!process.env.NEXT_PUBLIC_SUPABASE_URL, "Supabase mode only: run with `npm run test:e2e:supabase`");

let proxy: LoggingProxy;
test.beforeAll(async ({}, info) => {
  proxy = await startLoggingProxy(info.project.use.baseURL!);
});
test.afterAll(async () => {
  await proxy?.close();
});

test.describe("with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false });

  test("neither form submits: no field in any URL, and both say they are still loading", async ({ page }) => {
    proxy.log.length = 0;
    await page.goto(`${proxy.url}/`);
    await fillCheckIn(page);
    const save = page.locator("form[aria-label='Check in'] button[type=submit]");
    await expect(save).toBeDisabled();
    await expect(save).toHaveText(/loading/i);
    await save.click({ force: true });
    await page.getByLabel("Mood").press("Enter");

    await page.goto(`${proxy.url}/sign-in`);
    await page.getByLabel("Email").fill("someone@example.com");
    await page.getByLabel("Password").fill("correct horse battery");
    for (const button of await page.locator("form[aria-label='Sign in'] button[type=submit]").all()) {
      await expect(button).toBeDisabled();
      await button.click({ force: true });
    }
    await page.getByLabel("Password").press("Enter");
    await expect(page.locator("form[aria-label='Sign in']").getByRole("status")).toHaveText(/loading/i);
    await page.waitForTimeout(500);
    expect(leaked(proxy.log)).toEqual([]);
    expect(new URL(page.url()).search).toBe("");
  });
});

test("with the JavaScript delayed, Sign in before hydration sends nothing in a URL, then works once hydrated", async ({ page }) => {
  proxy.log.length = 0;
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/_next\/static\/chunks\//, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${proxy.url}/sign-in`, { waitUntil: "commit" });
  await page.getByLabel("Email").waitFor();
  await page.getByLabel("Email").fill("someone@example.com");
  await page.getByLabel("Password").fill("correct horse battery");
  await page.locator("form[aria-label='Sign in'] button[type=submit]").first().click({ force: true });
  await page.getByLabel("Password").press("Enter");
  await page.waitForTimeout(500);
  expect(leaked(proxy.log)).toEqual([]);
  release();
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  expect(leaked(proxy.log)).toEqual([]);
  expect(new URL(page.url()).search).toBe("");
});
