import { type BrowserContext, expect, test } from "@playwright/test";
import { fillCheckIn } from "./fixtures/app-helpers";

/**
 * onnxruntime's proxy worker gets one "create" message per session; holding them back keeps onnxruntime "still
 * starting" for as long as the test wants, whatever the machine's speed (no timing race). Created sessions are
 * counted from its answers. The early evaluator's own worker speaks another protocol and is not touched.
 */
/**
 * An init script that holds back the page's worker messages matching `test` (JavaScript over `message`) until
 * `globalThis[release]()` is called, counting them in `globalThis[held]`.
 */
const holdWorkerMessages = (test: string, held: string, release: string, extra = "") => `
globalThis.${held} = [];
const Before_${held} = globalThis.Worker;
globalThis.Worker = class extends Before_${held} {
  constructor(url, options) {
    super(url, options);
    ${extra}
  }
  postMessage(message, transfer) {
    if (message && ${test} && !globalThis.${held}Released) {
      globalThis.${held}.push(() => super.postMessage(message, transfer));
      return;
    }
    return super.postMessage(message, transfer);
  }
};
globalThis.${release} = () => {
  globalThis.${held}Released = true;
  for (const send of globalThis.${held}.splice(0)) send();
};`;

const HOLD_ORT_SESSIONS = `globalThis.__ortCreates = 0;${holdWorkerMessages(
  'message.type === "create"',
  "__held",
  "__releaseOrt",
  'this.addEventListener("message", (e) => { if (e.data && e.data.type === "create" && !e.data.err) globalThis.__ortCreates += 1; });',
)}`;

/** Yesterday: the first focus downloaded and stored the runtime and the models. */
async function storeModelsYesterday(context: BrowserContext, baseURL: string | undefined): Promise<void> {
  const first = await context.newPage();
  await first.goto(`${baseURL}/`);
  await first.getByLabel("Mood", { exact: true }).focus();
  await expect(first.getByTestId("model-progress")).toBeVisible();
  await expect(first.getByTestId("model-progress")).toBeHidden({ timeout: 90_000 });
  await expect.poll(() => first.evaluate(() => localStorage.getItem("checkin-models:usage"))).not.toBeNull();
  await first.close();
}

test("a returning person who taps Save at once gets five predictions before onnxruntime is up, and onnxruntime confirms them", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext();
  try {
    await storeModelsYesterday(context, baseURL);

    // Today: fill and Save as the page appears, with onnxruntime held before its first session.
    const page = await context.newPage();
    await page.addInitScript(HOLD_ORT_SESSIONS);
    await page.goto(`${baseURL}/`);
    await fillCheckIn(page, { Mood: "3", Energy: "4", Stress: "8", "Sleep (hours)": "5.5" });
    await page.getByRole("button", { name: "Save check-in" }).click();

    const results = page.getByTestId("prediction-results");
    const items = results.getByRole("listitem");
    await expect(items).toHaveCount(5, { timeout: 30_000 });
    for (const text of await items.allInnerTexts()) {
      expect(text).not.toContain("not available");
      expect(text).toMatch(/\d/);
    }
    const creates = () => page.evaluate(() => (globalThis as unknown as { __ortCreates: number }).__ortCreates);
    expect(await creates(), "onnxruntime made a session: these predictions did not come from the early evaluator").toBe(0);
    await expect(results).toHaveAttribute("data-model-check", "pending");
    const early = await items.allInnerTexts();

    // The person starts the next check-in while onnxruntime starts.
    const notes = page.getByLabel("Notes", { exact: true });
    await notes.fill("typing the next one");
    await expect(notes).toBeFocused();

    // onnxruntime starts: it re-runs each row and agrees; the numbers shown do not change, and its verdict does not
    // take the focus from the field being typed in (it did: the check gave the save a new result, and the form
    // focused the results again).
    await page.evaluate(() => (globalThis as unknown as { __releaseOrt: () => void }).__releaseOrt());
    await expect(results).toHaveAttribute("data-model-check", "confirmed", { timeout: 90_000 });
    expect(await creates()).toBeGreaterThanOrEqual(5);
    expect(await items.allInnerTexts()).toEqual(early);
    await expect(notes).toBeFocused();

    // Every later Save runs on onnxruntime itself: nothing left to check.
    await fillCheckIn(page, { Mood: "3", Energy: "4", Stress: "8", "Sleep (hours)": "5.5" });
    await page.getByRole("button", { name: "Save check-in" }).click();
    await expect(results).not.toHaveAttribute("data-model-check", /.*/, { timeout: 30_000 });
    await expect(items).toHaveCount(5);
  } finally {
    await context.close();
  }
});

/** As HOLD_ORT_SESSIONS, and the early evaluator's runs held too, so the test decides when the predictions arrive. */
const HOLD_EARLY_RUNS = `${HOLD_ORT_SESSIONS}${holdWorkerMessages('message.kind === "run"', "__heldRuns", "__releaseRuns")}`;

test("predictions that arrive while the person types the next check-in leave the focus and the text where they are", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext();
  try {
    await storeModelsYesterday(context, baseURL);

    const page = await context.newPage();
    await page.addInitScript(HOLD_EARLY_RUNS);
    await page.goto(`${baseURL}/`);
    await fillCheckIn(page, { Mood: "3", Energy: "4", Stress: "8", "Sleep (hours)": "5.5" });
    await page.getByRole("button", { name: "Save check-in" }).click();
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { __heldRuns: unknown[] }).__heldRuns.length), { timeout: 30_000 }).toBeGreaterThan(0);

    // The person has moved on to the next check-in when the predictions come.
    const notes = page.getByLabel("Notes", { exact: true });
    await notes.fill("already typing the next one");
    await page.evaluate(() => (globalThis as unknown as { __releaseRuns: () => void }).__releaseRuns());
    await expect(page.getByTestId("prediction-results").getByRole("listitem")).toHaveCount(5, { timeout: 30_000 });
    await expect(notes).toBeFocused();
    await expect(notes).toHaveValue("already typing the next one");
    await page.keyboard.type(" and more");
    await expect(notes).toHaveValue("already typing the next one and more");
  } finally {
    await context.close();
  }
});
