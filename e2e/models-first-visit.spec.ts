import { expect, test } from "@playwright/test";
import { type ServedResponse, startByteCountingProxy } from "./fixtures/byte-counting-proxy";

const isOrtPath = (path: string) => path.startsWith("/ort/");
const isModelPath = (path: string) => /^\/models\/[^/]+\.(onnx|trees)(\.gz)?$/.test(path);

/**
 * onnxruntime's JavaScript wherever the bundler put it and whatever it named it: every build of onnxruntime-web's
 * wasm backend (its bundle and its worker glue) binds this export of its wasm module by name, which minification keeps.
 */
const ORT_JS_MARKER = "_OrtCreateSession";
const isOnnxruntime = (r: ServedResponse) => isOrtPath(r.path) || (r.body?.includes(ORT_JS_MARKER) ?? false);

// Pages a person can open first: none of them may bring onnxruntime in before a sign of a check-in.
const PAGES = ["/", "/history", "/predictions", "/models"];

// Counted on the server side (a proxy in front of `next start`, bodies decoded and searched), so the service worker's
// precache and its own fetches count too, and a Next chunk holding onnxruntime counts by what it is, not its name.
test("a first visit downloads no onnxruntime (JS or wasm) and no model, service worker install included", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const proxy = await startByteCountingProxy(baseURL!, { keepBodies: true });
  const context = await browser.newContext(); // a fresh profile: no service worker, no caches, no IndexedDB
  try {
    const page = await context.newPage();
    for (const path of PAGES) {
      await page.goto(`${proxy.url}${path}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    }
    // The service worker has installed (precache complete) once it is active.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.goto(`${proxy.url}/`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    // Idle time as a person reading the page: idle callbacks and timers run, nothing is clicked or focused.
    await page.waitForTimeout(8000);
    const ort = proxy.served.filter(isOnnxruntime).map(({ path, bytes }) => ({ path, bytes }));
    const models = proxy.served.filter((r) => isModelPath(r.path)).map(({ path, bytes }) => ({ path, bytes }));
    test.info().annotations.push(
      { type: "first_visit_bytes", description: String(proxy.bytes()) },
      { type: "first_visit_onnxruntime_bytes", description: String(ort.reduce((sum, r) => sum + r.bytes, 0)) },
    );
    expect(ort, "onnxruntime (JS or wasm) sent on a first visit").toEqual([]);
    expect(models, "a model or tree file sent on a first visit").toEqual([]);
  } finally {
    await context.close();
    await proxy.close();
  }
});

// The counter can see what it claims: once a check-in shows intent, onnxruntime's JS crosses the same proxy and is
// recognised by its content (else the test above would pass for a marker that no longer matches anything).
test("the counter recognises onnxruntime's JavaScript once a check-in starts", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const proxy = await startByteCountingProxy(baseURL!, { keepBodies: true });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${proxy.url}/`);
    await page.getByLabel("Mood", { exact: true }).fill("6");
    await page.getByLabel("Energy", { exact: true }).fill("5");
    await page.getByLabel("Stress", { exact: true }).fill("5");
    await page.getByRole("button", { name: "Save check-in" }).click();
    await expect(page.getByTestId("prediction-results")).toBeVisible({ timeout: 120_000 });
    const nextChunks = proxy.served.filter((r) => r.path.startsWith("/_next/") && isOnnxruntime(r));
    expect(nextChunks.length, "a Next chunk holding onnxruntime's JS, found by content").toBeGreaterThan(0);
  } finally {
    await context.close();
    await proxy.close();
  }
});
