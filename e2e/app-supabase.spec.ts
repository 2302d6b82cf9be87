import { expect, type Route, test } from "@playwright/test";
import { fillCheckIn, saveAndWaitForPredictions, screenshot, waitForServiceWorker } from "./fixtures/app-helpers";

/**
 * Supabase mode in the browser, with Supabase's hosted API mocked (mocked Supabase API: Auth + PostgREST intercepted with
 * context.route; no Supabase server runs here). It needs a build made with the Supabase variables, so the plain
 * `npm run test:e2e` (one local-mode build) skips it and `npm run test:e2e:supabase` (part of `npm test`) builds once
 * more with them and runs only this file.
 */
const SUPABASE_URL = process.env.NEXT_PUBLIC_SUPABASE_URL;
test.skip(!SUPABASE_URL, "needs a build with NEXT_PUBLIC_SUPABASE_URL (see the comment at the top)");

const USER_ID = "b7c9a3e0-1111-4222-8333-944455556666";

function fakeSession() {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const accessToken = `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ sub: USER_ID, role: "authenticated", aud: "authenticated", exp: now + 3600, iat: now, email: "ada@example.com" })}.sig`;
  return {
    access_token: accessToken, token_type: "bearer", expires_in: 3600, expires_at: now + 3600, refresh_token: "refresh",
    user: { id: USER_ID, aud: "authenticated", role: "authenticated", email: "ada@example.com", app_metadata: {}, user_metadata: {}, created_at: new Date().toISOString() },
  };
}

test("mocked Supabase API: sign in, history and predictions requests, offline queue flushed when back online", async ({ page, context }) => {
  test.setTimeout(180_000);
  const state = { reachable: true, posted: [] as { table: string; body: unknown }[], gets: [] as URL[], rows: [] as unknown[] };
  await context.route(`${SUPABASE_URL}/**`, async (route: Route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (!state.reachable) return route.abort("internetdisconnected");
    const json = (status: number, body: unknown) =>
      route.fulfill({ status, contentType: "application/json", headers: { "access-control-allow-origin": "*" }, body: JSON.stringify(body) });
    if (request.method() === "OPTIONS") {
      return route.fulfill({ status: 204, headers: { "access-control-allow-origin": "*", "access-control-allow-headers": "*", "access-control-allow-methods": "*" } });
    }
    if (url.pathname === "/auth/v1/token") return json(200, fakeSession());
    if (url.pathname === "/auth/v1/user") return json(200, fakeSession().user);
    const table = url.pathname.replace("/rest/v1/", "");
    if (request.method() === "POST") {
      state.posted.push({ table, body: request.postDataJSON() });
      if (table === "check_ins") state.rows.unshift(...[request.postDataJSON()].flat());
      return route.fulfill({ status: 201, headers: { "access-control-allow-origin": "*" } });
    }
    state.gets.push(url);
    return json(200, table === "check_ins" ? state.rows : []);
  });

  await page.goto("/sign-in");
  await waitForServiceWorker(page);
  await page.getByLabel("Email").fill("ada@example.com");
  await page.getByLabel("Password").fill("correct horse");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.getByTestId("mode-badge")).toHaveText("Supabase");

  // Online check-in: sent straight away.
  await fillCheckIn(page, { Mood: "6", Energy: "5", Stress: "4" });
  await saveAndWaitForPredictions(page);
  await expect.poll(() => state.posted.map((p) => p.table)).toEqual(["check_ins", "predictions"]);

  // History: the app's query — this user, newest first, a page (+1 to detect the next) at a time.
  // (The save itself read the last 30 check-ins before this one for the models' features: limit 31, checkin_date=lt.….)
  expect(state.gets.find((u) => u.pathname === "/rest/v1/check_ins")?.searchParams.get("checkin_date")).toMatch(/^lt\./);
  const before = state.gets.length;
  await page.getByRole("link", { name: "History" }).click();
  await expect(page.getByTestId("history-item")).toHaveCount(1);
  const history = state.gets.slice(before).find((u) => u.pathname === "/rest/v1/check_ins")!;
  expect(history.searchParams.has("checkin_date")).toBe(false);
  expect(history.searchParams.get("user_id")).toBe(`eq.${USER_ID}`);
  expect(history.searchParams.get("order")).toMatch(/^checkin_date\.desc/);
  expect(history.searchParams.get("limit")).toBe("21");
  await screenshot(page, "supabase-history");

  await page.getByRole("link", { name: "Predictions" }).click();
  await expect(page.getByText("No tomorrow's mood predictions yet.")).toBeVisible();
  const predictions = state.gets.find((u) => u.pathname === "/rest/v1/predictions")!;
  expect(predictions.searchParams.get("prediction_type")).toBe("eq.mood_tomorrow");
  expect(predictions.searchParams.get("order")).toMatch(/^created_at\.desc/);
  expect(predictions.searchParams.get("limit")).toBe("50");

  // Offline: the check-in waits in the outbox, shown in the header, and is sent when the connection returns.
  await page.getByRole("link", { name: "Check in" }).click();
  state.reachable = false;
  await context.setOffline(true);
  await expect(page.getByTestId("offline-badge")).toBeVisible();
  await fillCheckIn(page, { Mood: "3", Energy: "3", Stress: "8" });
  await saveAndWaitForPredictions(page);
  await expect(page.getByTestId("pending-badge")).toHaveText("1 waiting to sync");
  await screenshot(page, "supabase-offline-queued");
  // A reload while offline loses nothing.
  await page.reload();
  await expect(page.getByTestId("pending-badge")).toHaveText("1 waiting to sync");
  state.reachable = true;
  await context.setOffline(false);
  // Back online: the 'online' event sends the queue. (A document reloaded under emulated offline already believes it is
  // online in Chromium, so turning emulation off fires no event there; we fire the one a real browser would.)
  await page.evaluate(() => window.dispatchEvent(new Event("online")));
  await expect(page.getByTestId("pending-badge")).toHaveCount(0);
  expect(state.posted.map((p) => p.table)).toEqual(["check_ins", "predictions", "check_ins", "predictions"]);
  expect(state.posted[2]?.body).toMatchObject({ user_id: USER_ID, mood: 3, stress: 8 });
});
