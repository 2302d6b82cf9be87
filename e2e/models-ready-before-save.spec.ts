import { expect, test } from "@playwright/test";
import { startByteCountingProxy } from "./fixtures/byte-counting-proxy";
import { expectFiveNumericPredictions, fillCheckIn } from "./fixtures/app-helpers";

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

// The click on Save and the moment the fifth prediction is in the DOM, on the page's clock (Resource Timing's too).
const TIME_SAVE = `
globalThis.__save = {};
performance.setResourceTimingBufferSize(10_000); // the default 250 could drop the very entries this test looks for
addEventListener("click", (e) => { if (e.target instanceof HTMLButtonElement && e.target.type === "submit") globalThis.__save.click = performance.now(); }, true);
new MutationObserver(() => {
  if (globalThis.__save.shown === undefined && document.querySelectorAll("[data-testid=prediction-results] li").length >= 5) globalThis.__save.shown = performance.now();
}).observe(document, { childList: true, subtree: true });`;

test("the next day, a Save after typing fetches nothing between the click and the five predictions", async ({ browser, baseURL }) => {
  test.setTimeout(150_000);
  const context = await browser.newContext();
  try {
    // Yesterday: a check-in (runtime and models downloaded and stored, usage recorded).
    const first = await context.newPage();
    await first.goto(`${baseURL}/`);
    await fillCheckIn(first, { Mood: "7", Energy: "6", Stress: "4", "Sleep (hours)": "7.5" });
    await first.getByRole("button", { name: "Save check-in" }).click();
    await expect(first.getByTestId("prediction-results").getByRole("listitem")).toHaveCount(5, { timeout: 90_000 });
    await first.close();

    // Today: the form filled, the runtime and the five sessions up, then Save.
    const page = await context.newPage();
    await page.addInitScript(COUNT_SESSION_CREATES);
    await page.addInitScript(TIME_SAVE);
    await page.goto(`${baseURL}/`);
    await fillCheckIn(page, { Mood: "6", Energy: "5", Stress: "3", "Sleep (hours)": "8" });
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { __ortCreates: number }).__ortCreates), { timeout: 60_000 }).toBe(6);
    await page.getByRole("button", { name: "Save check-in" }).click();
    await expectFiveNumericPredictions(page.getByTestId("prediction-results"));
    const fetched = await page.evaluate(() => {
      const { click, shown } = (globalThis as unknown as { __save: { click: number; shown: number } }).__save;
      // Every fetch the page started, whoever answered it (the service worker's precache included: a chunk it serves still
      // costs a task, and a chunk of code not yet in the page suspends its part of the results).
      return performance.getEntriesByType("resource").filter((e) => e.startTime >= click && e.startTime <= shown).map((e) => new URL(e.name).pathname);
    });
    expect(fetched, "fetched between the click on Save and the five predictions: the intent or idle preload should have brought it").toEqual([]);
  } finally {
    await context.close();
  }
});
