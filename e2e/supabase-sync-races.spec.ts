import type { Page } from "@playwright/test";
import { fillCheckIn, saveAndWaitForPredictions } from "./fixtures/app-helpers";
import { setClockSkew } from "./fixtures/skewed-clock";
import { expect, createUser, PASSWORD, requests, setFault, signIn, test, uniqueEmail } from "./fixtures/stack";
import { deleteMyData, mainNav, restQuiet, serverCheckIns, serverRowCounts, signOutAnswering } from "./fixtures/sync-races";

/**
 * Issue 18's races, hand-picked, in a real Chromium against the real stack (PostgreSQL + PostgREST + the Auth
 * imitation): a phone two hours fast signing out one second after Save, Delete my data while an upload is held, and
 * Sign out while a first save's models are still downloading. The chaos test (supabase-chaos.spec.ts) draws the same
 * operations at random; these pin them down.
 */
test.skip(!process.env.NEXT_PUBLIC_SUPABASE_URL, "Supabase mode only: run with `npm run test:e2e:supabase`");

const TWO_HOURS_MS = 2 * 60 * 60 * 1000;
const VALUES = { Mood: "6", Energy: "5", Stress: "4", "Sleep (hours)": "7.5", "Activity (minutes)": "30" };

async function newUser(prefix: string): Promise<{ id: string; email: string }> {
  const email = uniqueEmail(prefix);
  return { id: (await createUser(email, PASSWORD)).id, email };
}

async function checkIn(page: Page, notes: string): Promise<void> {
  await fillCheckIn(page, { ...VALUES, Notes: notes });
  await saveAndWaitForPredictions(page);
}

const isRefresh = (r: { method: string; path: string; search: string }) =>
  r.method === "POST" && r.path === "/auth/v1/token" && r.search.includes("grant_type=refresh_token");

/** A minute of ordinary use: pages visited, a check-in saved, the tab hidden and shown, the window refocused. */
async function useTheApp(page: Page, ms: number): Promise<void> {
  const until = Date.now() + ms;
  await checkIn(page, "during the minute of use");
  while (Date.now() < until) {
    await mainNav(page).getByRole("link", { name: "History" }).click();
    await expect(page.getByTestId("history-item").first()).toBeVisible();
    await page.evaluate(() => {
      document.dispatchEvent(new Event("visibilitychange"));
      window.dispatchEvent(new Event("focus"));
    });
    // A person reading the page, not a synchronisation: the minute is what is measured.
    await page.waitForTimeout(Math.max(0, Math.min(8_000, until - Date.now())));
    await mainNav(page).getByRole("link", { name: "Check in", exact: true }).click();
    await expect(page.getByRole("button", { name: "Save check-in" })).toBeVisible();
  }
}

test("Done when: a phone 2 h fast saves, signs out 1 s later (keep), signs in again: the check-in is in PostgreSQL once with five predictions, and a minute of use costs ≤ 2 token refreshes", async ({
  page,
  context,
  stack,
}) => {
  test.setTimeout(420_000);
  const user = await newUser("clock-fast");
  await setClockSkew(context, TWO_HOURS_MS);
  await signIn(page, user.email);
  expect(await page.evaluate(() => Date.now() - performance.timeOrigin - performance.now())).toBeGreaterThan(TWO_HOURS_MS - 60_000);
  // The models are downloaded by a first check-in, as on a phone used before.
  await checkIn(page, "the day before");

  const notes = "signed out one second after saving";
  await fillCheckIn(page, { ...VALUES, Notes: notes });
  await page.getByRole("button", { name: "Save check-in" }).click();
  await page.waitForTimeout(1_000);
  const answer = await signOutAnswering(page, "keep");
  // It did not ask: then the check-in had been sent already.
  if (answer === "not asked") expect(await serverCheckIns(user.id, notes), "signed out without asking, yet the check-in was not in PostgreSQL").toHaveLength(1);

  await signIn(page, user.email);
  await expect.poll(async () => (await serverCheckIns(user.id, notes)).length, { timeout: 60_000 }).toBe(1);
  await expect.poll(() => serverCheckIns(user.id, notes), { timeout: 60_000 }).toEqual([{ id: expect.any(String), predictions: 5, types: 5 }]);

  const since = new Date().toISOString();
  await useTheApp(page, 60_000);
  const logged = (await stack.requests()).filter((r) => r.at >= since);
  const refreshes = logged.filter(isRefresh);
  console.log(`[sync-races] 60 s of use, clock +2 h: ${refreshes.length} token refreshes, ${logged.filter((r) => r.path.startsWith("/rest/v1/")).length} PostgREST requests`);
  expect(refreshes.length, "token refreshes in a minute of use with the clock 2 h fast").toBeLessThanOrEqual(2);
  // Still exactly once after a minute of syncing.
  expect((await serverCheckIns(user.id, notes)).length).toBe(1);
});

test("Delete my data while an upload is held 5 s: afterwards PostgreSQL has no row of the person, and History stays empty after the next pull", async ({
  page,
  context,
}) => {
  test.setTimeout(300_000);
  const user = await newUser("delete-during-push");
  await signIn(page, user.email);
  await checkIn(page, "sent before the delete");
  await expect.poll(async () => (await serverCheckIns(user.id, "sent before the delete")).length, { timeout: 30_000 }).toBe(1);
  await expect.poll(async () => (await serverRowCounts(user.id)).predictions, { timeout: 30_000 }).toBe(5);

  // The next upload (whatever the engine posts to) is held 5 s at the gateway; pulls and the Delete go through.
  const heldAt = new Date().toISOString();
  await setFault({ target: "rest", mode: "delay", delayMs: 5_000, count: 1, method: "POST" });
  const upload = context.waitForEvent("request", {
    predicate: (r) => r.method() === "POST" && new URL(r.url()).pathname.startsWith("/rest/v1/"),
    timeout: 60_000,
  });
  await checkIn(page, "uploading while deleted");
  await upload;
  const said = await deleteMyData(page);
  expect(said).toMatch(/deleted/i);

  // The held upload reaches PostgREST (the gateway forwards it after 5 s, whether or not the page still waits for it).
  await expect
    .poll(async () => (await requests()).some((r) => r.at >= heldAt && r.method === "POST" && r.sub === user.id && !/delete/.test(r.path)), { timeout: 30_000 })
    .toBe(true);
  expect(await serverRowCounts(user.id)).toEqual({ check_ins: 0, predictions: 0 });

  // The next pull: a full load starts the engine, which pulls; then the app is quiet.
  const pulled = page.waitForResponse((r) => r.request().method() === "GET" && /\/rest\/v1\/(check_ins|sync_state)\b/.test(r.url()), { timeout: 60_000 });
  await page.goto("/history");
  await pulled;
  await restQuiet(context, 3_000);
  await expect(page.getByText("No check-ins yet")).toBeVisible();
  await expect(page.getByTestId("history-item")).toHaveCount(0);
  expect(await serverRowCounts(user.id)).toEqual({ check_ins: 0, predictions: 0 });
});

test("Sign out 150 ms after a first Save, while the models are still downloading: the app asks, and a kept check-in arrives once", async ({ page }) => {
  test.setTimeout(300_000);
  const user = await newUser("sign-out-mid-models");
  await signIn(page, user.email);
  const notes = "saved, then signed out while the models ran";
  await fillCheckIn(page, { ...VALUES, Notes: notes });
  await page.getByRole("button", { name: "Save check-in" }).click();
  await page.waitForTimeout(150);
  // The premise: a first save on this browser, the models not cached, so no prediction is shown yet.
  await expect(page.getByTestId("prediction-results")).toBeHidden();
  await page.getByRole("button", { name: "Sign out" }).click();
  const asked = await page
    .getByRole("alertdialog")
    .waitFor({ state: "visible", timeout: 10_000 })
    .then(() => true, () => false);
  if (!asked) {
    // Say what was lost: the check-in may have been sent already, but its predictions were still being made.
    const onServer = await serverCheckIns(user.id, notes);
    expect(asked, `Sign out did not ask while the models ran (a save still running its models is unsent); PostgreSQL then held ${JSON.stringify(onServer)}`).toBe(true);
  }
  await page.getByRole("alertdialog").getByRole("button", { name: /keep/i }).click();
  await expect(mainNav(page).getByRole("link", { name: "Sign in" })).toBeVisible({ timeout: 30_000 });

  await signIn(page, user.email);
  await expect.poll(async () => (await serverCheckIns(user.id, notes)).length, { timeout: 120_000 }).toBe(1);
});
