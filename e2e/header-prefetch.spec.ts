import { expect, test } from "@playwright/test";
import { expectHydrated } from "./fixtures/app-helpers";

/**
 * The header's links prefetch a route when someone shows intent (pointer over, focus, touch), not as soon as they are
 * visible: on sight, five links cost every page load ten RSC requests, the other pages' chunks and a run of long tasks
 * in Next's router (issue 20; app/_components/intent-link.tsx). Next queues on-sight prefetches in the links' order, so
 * once the Models link's prefetch has been asked for, an on-sight prefetch of Predictions (before it) would have been
 * too.
 */
test("the header's links prefetch on intent only", async ({ page }) => {
  const prefetched: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.searchParams.has("_rsc")) prefetched.push(url.pathname);
  });
  await page.goto("/history");
  await expectHydrated(page);
  const nav = page.getByRole("navigation", { name: "Main" });

  const models = page.waitForRequest((r) => new URL(r.url()).pathname === "/models" && new URL(r.url()).searchParams.has("_rsc"));
  await nav.getByRole("link", { name: "Models" }).hover();
  await models;
  expect(new Set(prefetched)).toEqual(new Set(["/models"]));

  // Keyboard focus is intent too.
  const yourData = page.waitForRequest((r) => new URL(r.url()).pathname === "/your-data" && new URL(r.url()).searchParams.has("_rsc"));
  await nav.getByRole("link", { name: "Your data" }).focus();
  await yourData;
  expect(prefetched).not.toContain("/predictions");
  expect(prefetched).not.toContain("/");

  // And a click with nothing prefetched still navigates.
  await nav.getByRole("link", { name: "Predictions" }).click();
  await expect(page).toHaveURL(/\/predictions$/);
  await expect(page.getByRole("heading", { level: 1, name: "Predictions" })).toBeVisible();
});
