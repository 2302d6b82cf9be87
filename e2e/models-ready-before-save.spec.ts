import { expect, test } from "@playwright/test";
import { startByteCountingProxy } from "./fixtures/byte-counting-proxy";
import { fillCheckIn } from "./fixtures/app-helpers";

const isOrtPath = (path: string) => path.startsWith("/ort/");
const isModelPath = (path: string) => /^\/models\/[^/]+\.onnx(\.gz)?$/.test(path);

// Counted on the server side, like the first-visit test: the service worker's fetches would not show in the page.
test("the first focus on the check-in form loads the runtime and the models; Save then fetches nothing", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const proxy = await startByteCountingProxy(baseURL!);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${proxy.url}/`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.waitForTimeout(1000);
    expect(proxy.served.filter((r) => isOrtPath(r.path) || isModelPath(r.path))).toEqual([]);

    await page.getByLabel("Mood", { exact: true }).focus();
    // In the background, with progress, while the person types.
    await expect(page.getByTestId("model-progress")).toBeVisible();
    await expect.poll(() => proxy.served.filter((r) => isModelPath(r.path)).length, { timeout: 45_000 }).toBe(5);
    await expect.poll(() => proxy.served.filter((r) => r.path === "/ort/ort-wasm-simd-threaded.wasm").length, { timeout: 45_000 }).toBe(1);
    await expect(page.getByTestId("model-progress")).toBeHidden({ timeout: 45_000 }); // every model ready
    await fillCheckIn(page, { Mood: "7", Energy: "6", Stress: "4", "Sleep (hours)": "7.5" });

    const before = proxy.served.length;
    await page.getByRole("button", { name: "Save check-in" }).click();
    await expect(page.getByTestId("prediction-results").getByRole("listitem")).toHaveCount(5, { timeout: 30_000 });
    const duringSave = proxy.served.slice(before).filter((r) => isOrtPath(r.path) || isModelPath(r.path));
    expect(duringSave, "Save fetched runtime or model bytes that the warm-up should have loaded").toEqual([]);
  } finally {
    await context.close();
    await proxy.close();
  }
});

// onnxruntime's proxy worker answers each session creation with a "create" message: counted in the page, wrapping Worker.
const COUNT_SESSION_CREATES = `
globalThis.__ortCreates = 0;
const PageWorker = globalThis.Worker;
globalThis.Worker = class extends PageWorker {
  constructor(url, options) {
    super(url, options);
    this.addEventListener("message", (e) => { if (e.data && e.data.type === "create" && !e.data.err) globalThis.__ortCreates += 1; });
  }
};`;

test("a returning person's runtime and five sessions start at idle, before any focus, from the device alone", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const proxy = await startByteCountingProxy(baseURL!);
  const context = await browser.newContext();
  try {
    // Yesterday: the first focus downloaded and stored the runtime and the models.
    const first = await context.newPage();
    await first.goto(`${proxy.url}/`);
    await first.getByLabel("Mood", { exact: true }).focus();
    await expect(first.getByTestId("model-progress")).toBeVisible();
    await expect(first.getByTestId("model-progress")).toBeHidden({ timeout: 60_000 });
    await expect.poll(() => first.evaluate(() => localStorage.getItem("checkin-models:usage"))).not.toBeNull();
    await first.close();

    // Today: a new page, nobody touches the form.
    const before = proxy.served.length;
    const page = await context.newPage();
    await page.addInitScript(COUNT_SESSION_CREATES);
    await page.goto(`${proxy.url}/`);
    const creates = () => page.evaluate(() => (globalThis as unknown as { __ortCreates: number }).__ortCreates);
    // The warm-up model's session and the five models'.
    await expect.poll(creates, { timeout: 60_000 }).toBe(6);
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe("INPUT");
    const fetched = proxy.served.slice(before).filter((r) => isOrtPath(r.path) || isModelPath(r.path));
    expect(fetched, "the start at idle fetched runtime or model bytes: it must use the stored copies only").toEqual([]);
  } finally {
    await context.close();
    await proxy.close();
  }
});

test("History and Models load no runtime and no model bytes", async ({ browser, baseURL }) => {
  test.setTimeout(60_000);
  const proxy = await startByteCountingProxy(baseURL!);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // A returning user (usage counts present), so that idle preloading would have something to do if it ran here.
    await page.goto(`${proxy.url}/history`);
    await page.evaluate(() => localStorage.setItem("checkin-models:usage", JSON.stringify({ lgbm_burnout_v1: 3 })));
    for (const path of ["/history", "/models"]) {
      await page.goto(`${proxy.url}${path}`);
      await page.waitForTimeout(3000);
    }
    expect(proxy.served.filter((r) => isOrtPath(r.path) || isModelPath(r.path))).toEqual([]);
  } finally {
    await context.close();
    await proxy.close();
  }
});
