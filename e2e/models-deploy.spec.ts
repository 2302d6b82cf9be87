import { expect, test } from "@playwright/test";
import { expectFiveNumericPredictions, fillCheckIn, waitForServiceWorker } from "./fixtures/app-helpers";
import { type ProxyOverride, startByteCountingProxy } from "./fixtures/byte-counting-proxy";

/**
 * onnxruntime's own chunk, which the precache leaves out (serwist.config.js) and which B serves under the same name:
 * the name is a hash of the content, and the chunk holds onnxruntime alone, so it changes only with onnxruntime (or
 * Next) itself. A tab of A that never used onnxruntime before such a deploy gets "not available" until it reloads.
 */
async function holdsOnnxruntime(url: string): Promise<boolean> {
  return (await (await fetch(url)).text()).includes("_OrtCreateSession");
}

/**
 * Build B is emulated behind the proxy: its /sw.js precaches other chunk URLs (`chunks/b-…`, served with A's bytes so
 * that it installs), and A's chunks are gone from the server (404), as after a real deploy. A tab opened on build A,
 * which has not loaded its lazy chunks yet (the registry, onnxruntime), must still save and predict: the registry's
 * from A's precache, onnxruntime's from the server.
 */
test("a tab of build A still saves and predicts after build B is deployed; Reload offers B and keeps what is typed", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const proxy = await startByteCountingProxy(baseURL!);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${proxy.url}/`);
    await waitForServiceWorker(page);

    // Deploy build B.
    const swA = await (await fetch(`${baseURL}/sw.js`)).text();
    const swB = `${swA.replaceAll('url:"/_next/static/chunks/', 'url:"/_next/static/chunks/b-')}\n// build B\n`;
    expect(swB).not.toBe(swA);
    let goneA = true;
    proxy.override = async (path): Promise<ProxyOverride | undefined> => {
      if (path === "/sw.js") return { status: 200, headers: { "Content-Type": "application/javascript", "Cache-Control": "no-store" }, body: swB };
      if (path.startsWith("/_next/static/chunks/b-")) {
        const original = await fetch(`${baseURL}${path.replace("/chunks/b-", "/chunks/")}`);
        return { status: original.status, headers: { "Content-Type": original.headers.get("Content-Type") ?? "" }, body: Buffer.from(await original.arrayBuffer()) };
      }
      if (goneA && path.startsWith("/_next/static/chunks/") && !(await holdsOnnxruntime(`${baseURL}${path}`))) return { status: 404, body: "gone" };
      return undefined;
    };
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    // B has installed (precached its chunks) once no worker is installing any more.
    await expect.poll(() => proxy.served.filter((r) => r.path.startsWith("/_next/static/chunks/b-")).length, { timeout: 30_000 }).toBeGreaterThan(0);
    await page.waitForFunction(async () => !(await navigator.serviceWorker.getRegistration())?.installing, null, { timeout: 30_000 });
    await page.waitForTimeout(1000); // with skipWaiting (the old app/sw.ts) B would activate now and drop A's precache

    // Still build A: the first focus loads the registry's chunks, the save runs the five models.
    await fillCheckIn(page, { Mood: "6", Energy: "5", Stress: "5" });
    await page.getByRole("button", { name: "Save check-in" }).click();
    await expect(page.getByTestId("prediction-results").getByRole("listitem")).toHaveCount(5, { timeout: 60_000 });
    await expectFiveNumericPredictions(page.getByTestId("prediction-results"));
    expect(proxy.served.filter((r) => r.status === 404 && r.path.startsWith("/_next/")), "build A's chunks came from the network").toEqual([]);
    await expect(page.getByTestId("update-prompt")).toBeVisible();

    // Reload into B, keeping the draft. (The emulated B serves A's pages, so A's chunk URLs are allowed again here.)
    goneA = false;
    await page.getByLabel("Notes").fill("typed before the update");
    await Promise.all([page.waitForEvent("load"), page.getByTestId("update-prompt").getByRole("button", { name: "Reload" }).click()]);
    await expect(page.getByLabel("Notes")).toHaveValue("typed before the update");
    await expect(page.getByTestId("update-prompt")).toBeHidden();
  } finally {
    await context.close();
    await proxy.close();
  }
});
