import { expect, test } from "@playwright/test";
import { startByteCountingProxy } from "./fixtures/byte-counting-proxy";

const isOrtPath = (path: string) => path.startsWith("/ort/");
const isModelPath = (path: string) => /^\/models\/[^/]+\.onnx(\.gz)?$/.test(path);

// Counted on the server side (a proxy in front of `next start`), so the service worker's own fetches count too.
test("a first visit downloads no onnxruntime and no model, service worker install included", async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const proxy = await startByteCountingProxy(baseURL!);
  const context = await browser.newContext(); // a fresh profile: no service worker, no caches, no IndexedDB
  try {
    const page = await context.newPage();
    await page.goto(`${proxy.url}/`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    // The service worker has installed (precache complete) once it is active.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    // Idle time as a person reading the page: idle callbacks and timers run, nothing is clicked or focused.
    await page.waitForTimeout(8000);
    const summary = {
      total: proxy.bytes(),
      ort: proxy.served.filter((r) => isOrtPath(r.path)),
      models: proxy.served.filter((r) => isModelPath(r.path)),
    };
    test.info().annotations.push({ type: "first_visit_bytes", description: String(summary.total) });
    expect(summary.ort, "onnxruntime requested on a first visit").toEqual([]);
    expect(summary.models, "a model requested on a first visit").toEqual([]);
  } finally {
    await context.close();
    await proxy.close();
  }
});
