import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, expect, test } from "@playwright/test";
import { screenshot, waitForServiceWorker } from "./fixtures/app-helpers";

type ManifestIcon = { src: string; sizes: string; type: string; purpose?: string };

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString("hex"), "PNG signature").toBe("89504e470d0a1a0a");
  expect(bytes.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test("the manifest and its icons are served with the right types and sizes", async ({ page, request }) => {
  await page.goto("/");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(href).toBe("/manifest.webmanifest");

  const response = await request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^application\/manifest\+json/);
  const manifest = (await response.json()) as Record<string, unknown> & { icons: ManifestIcon[] };
  expect(manifest).toMatchObject({ name: expect.any(String), short_name: "Check-in", start_url: "/", display: "standalone" });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);

  const purposes = manifest.icons.map((i) => `${i.sizes} ${i.purpose ?? "any"}`);
  expect(purposes).toEqual(expect.arrayContaining(["192x192 any", "512x512 any", "512x512 maskable"]));
  for (const icon of manifest.icons) {
    const res = await request.get(icon.src);
    expect(res.status(), icon.src).toBe(200);
    expect(res.headers()["content-type"], icon.src).toBe("image/png");
    const [w, h] = icon.sizes.split("x").map(Number);
    expect(pngSize(await res.body()), icon.src).toEqual({ width: w, height: h });
  }
  const apple = await page.locator('link[rel="apple-touch-icon"]').getAttribute("href");
  expect((await request.get(apple!)).headers()["content-type"]).toBe("image/png");
});

test("Chromium reports no installability errors", async ({ browserName }, testInfo) => {
  expect(browserName).toBe("chromium");
  // Playwright's usual contexts are incognito, which Chromium never offers to install ("in-incognito"): a persistent
  // profile, as a person's browser has, launched like the others (playwright.config.ts's launch options).
  const profile = mkdtempSync(path.join(tmpdir(), "installable-"));
  const context = await chromium.launchPersistentContext(profile, { ...testInfo.project.use.launchOptions, baseURL: testInfo.project.use.baseURL });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto("/");
    await waitForServiceWorker(page);
    const cdp = await context.newCDPSession(page);
    const { errors, url } = await cdp.send("Page.getAppManifest");
    expect(url).toMatch(/\/manifest\.webmanifest$/);
    expect(errors, "manifest parse errors").toEqual([]);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    expect(installabilityErrors.map((e) => `${e.errorId} ${JSON.stringify(e.errorArguments)}`)).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test("offline, an address never visited gets the app's offline page, with a way back", async ({ page, context }) => {
  await page.goto("/");
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.goto("/never-visited-before");
  await expect(page.getByRole("heading", { level: 1, name: "You are offline" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await screenshot(page, "offline-fallback");
  // A fetch() is not a page: it still fails as such, for the code that made it to handle.
  expect(await page.evaluate(() => fetch("/never-visited-either").then(() => "network", () => "offline"))).toBe("offline");
  await page.getByRole("link", { name: "Check in" }).first().click();
  await expect(page.getByRole("button", { name: "Save check-in" })).toBeEnabled();
  await context.setOffline(false);
});
