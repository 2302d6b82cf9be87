import { readFile } from "node:fs/promises";
import type { BrowserContext, Page } from "@playwright/test";
import { fillCheckIn, saveAndWaitForPredictions, waitForServiceWorker } from "./fixtures/app-helpers";
import { openVersion1Database } from "./fixtures/version-1-database";
import { createUser, expect, requests, rows, setAccessTokenTtl, test, uniqueEmail, PASSWORD, signIn } from "./fixtures/stack";

/**
 * The sync engine in a real Chromium against the real stack (PostgreSQL + PostgREST + the Auth imitation): offline past
 * token expiry, refusals set aside, two people on one browser, a first pull on a new device, a save whose models all
 * fail, the browser-database upgrade with a queued check-in, and Your data. Every test ends by counting, in
 * PostgreSQL, each of its check-ins by id: there exactly once (or, where that is the point, not at all).
 */
test.skip(!process.env.NEXT_PUBLIC_SUPABASE_URL, "Supabase mode only: run with `npm run test:e2e:supabase`");

const PREDICTION_TYPES = ["mood_tomorrow", "burnout_risk", "sleep_quality", "stress_forecast", "energy_dip"] as const;

type LocalCheckIn = { id: string; user_id: string; notes: string | null; checkin_date: string };

async function newUser(prefix: string): Promise<{ id: string; email: string }> {
  const email = uniqueEmail(prefix);
  const { id } = await createUser(email, PASSWORD);
  return { id, email };
}

async function checkIn(page: Page, notes: string, opts: { modelsNeverFetched?: boolean } = {}): Promise<void> {
  await fillCheckIn(page, { Mood: "6", Energy: "5", Stress: "4", "Sleep (hours)": "7.5", "Activity (minutes)": "30", Notes: notes });
  await saveAndWaitForPredictions(page, opts);
}

/** Chromium fires no `online` in a document loaded under offline emulation; a real browser would. */
async function goOnline(context: BrowserContext, page: Page): Promise<void> {
  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event("online")));
}

/** All values of one store of the app's browser database (opened without a version: never upgrades or creates it). */
async function localStore<T>(page: Page, store: "check_ins" | "predictions" | "sync_queue"): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open("checkin-app");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction(name).objectStore(name).getAll();
          all.onsuccess = () => {
            resolve(all.result as T[]);
            db.close();
          };
          all.onerror = () => reject(all.error);
        };
      }),
    store,
  );
}

async function localCheckIns(page: Page, userId: string): Promise<LocalCheckIn[]> {
  return (await localStore<LocalCheckIn>(page, "check_ins")).filter((c) => c.user_id === userId);
}

/** The ids of a user's local check-ins, by their notes (each test gives every check-in distinct notes). */
async function idsByNotes(page: Page, userId: string): Promise<Record<string, string>> {
  return Object.fromEntries((await localCheckIns(page, userId)).map((c) => [c.notes ?? "", c.id]));
}

/** How many times each id is in public.check_ins (as the superuser: RLS does not hide anything). */
async function serverCounts(ids: readonly string[]): Promise<Record<string, number>> {
  const found = await rows<{ id: string; n: number }>(
    "select id::text as id, count(*)::int as n from public.check_ins where id = any($1::uuid[]) group by id",
    [ids],
  );
  return Object.fromEntries(ids.map((id) => [id, found.find((f) => f.id === id)?.n ?? 0]));
}

async function expectOnceOnServer(userId: string, ids: readonly string[], predictionsEach: number | null = null): Promise<void> {
  expect(await serverCounts(ids)).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
  const owners = await rows<{ user_id: string }>("select distinct user_id::text as user_id from public.check_ins where id = any($1::uuid[])", [ids]);
  expect(owners).toEqual([{ user_id: userId }]);
  if (predictionsEach !== null) {
    const predictions = await rows<{ checkin_id: string; n: number; types: number }>(
      `select checkin_id::text as checkin_id, count(*)::int as n, count(distinct prediction_type)::int as types
         from public.predictions where checkin_id = any($1::uuid[]) group by checkin_id`,
      [ids],
    );
    expect(Object.fromEntries(predictions.map((p) => [p.checkin_id, [p.n, p.types]]))).toEqual(
      Object.fromEntries(ids.map((id) => [id, [predictionsEach, predictionsEach]])),
    );
  }
}

const serverCheckInCount = async (userId: string) =>
  (await rows<{ n: number }>("select count(*)::int as n from public.check_ins where user_id = $1", [userId]))[0]!.n;

function historyItem(page: Page, notes: string) {
  return page.getByTestId("history-item").filter({ hasText: notes });
}

test("offline past the access token's expiry: three check-ins saved and predicted offline, all pushed once back online", async ({ page, context, stack }) => {
  test.setTimeout(300_000);
  await stack.clearRequests();
  await setAccessTokenTtl(60);
  const user = await newUser("expiry");
  await signIn(page, user.email);

  await checkIn(page, "online before the trip");
  await expect.poll(() => serverCheckInCount(user.id), { timeout: 20_000 }).toBe(1);
  await expect(page.getByTestId("pending-badge")).toBeHidden();
  await waitForServiceWorker(page);
  // Visited online once, so the worker has it for the offline reload below.
  await page.goto("/history");
  await expect(page.getByTestId("history-item")).toHaveCount(1);
  await page.goto("/");

  await context.setOffline(true);
  // Past the 60-second access token's expiry: the offline app must keep going as this person.
  await page.waitForTimeout(75_000);
  await page.reload();
  await expect(page.getByTestId("account-email")).toHaveText(user.email);
  const offlineNotes = ["offline one", "offline two", "offline three"];
  for (const notes of offlineNotes) {
    await checkIn(page, notes);
    // Five real predictions, none failed (a failed model shows its line with error-text).
    for (const type of PREDICTION_TYPES) await expect(page.getByTestId(`prediction-${type}`)).not.toContainText("not available");
  }
  await expect(page.getByTestId("pending-badge")).toHaveText("3 waiting to sync");
  // An unreachable Auth is not a signed-out person: no "sign in again" while offline with the expired token.
  await expect(page.getByTestId("sign-in-again-badge")).toBeHidden();
  const local = await localStore<{ checkin_id: string }>(page, "predictions");
  const ids = await idsByNotes(page, user.id);
  for (const notes of offlineNotes) expect(local.filter((p) => p.checkin_id === ids[notes]).length).toBe(5);
  // The history the offline predictions read is the local store's: the check-in made online is in it.
  expect(Object.keys(ids).sort()).toEqual(["offline one", "offline three", "offline two", "online before the trip"]);

  await page.goto("/history");
  await page.reload();
  await expect(page.getByTestId("history-item")).toHaveCount(4);
  await expect(page.getByTestId("history-item").first()).toContainText("offline three");
  for (const notes of offlineNotes) await expect(historyItem(page, notes).getByTestId("sync-mark")).toHaveText("Waiting to sync");
  await expect(historyItem(page, "online before the trip").getByTestId("sync-mark")).toHaveText("Synced");
  await expect(page.getByTestId("sign-in-again-badge")).toBeHidden();
  expect(await serverCheckInCount(user.id)).toBe(1);

  await goOnline(context, page);
  await expect(page.getByTestId("pending-badge")).toBeHidden({ timeout: 30_000 });
  await expect(page.getByTestId("sync-mark")).toHaveText(["Synced", "Synced", "Synced", "Synced"]);
  await expectOnceOnServer(user.id, Object.values(ids), 5);
  expect(await serverCheckInCount(user.id)).toBe(4);
  // Every request that carried a token carried this user's.
  expect((await requests()).filter((r) => r.sub !== null && r.sub !== user.id)).toEqual([]);
});

test.describe("a check-in the server refuses", () => {
  const CONSTRAINT = "e2e_refuse_marker";
  test.afterEach(async () => {
    await rows(`alter table public.check_ins drop constraint if exists ${CONSTRAINT}`);
  });

  test("goes to Needs attention with the reason, the ones after it sync; Retry sends it, Discard drops it", async ({ page, context, stack }) => {
    test.setTimeout(180_000);
    void stack;
    const user = await newUser("refused");
    await signIn(page, user.email);
    await checkIn(page, "first, accepted");
    await expect.poll(() => serverCheckInCount(user.id), { timeout: 20_000 }).toBe(1);
    // And its predictions: they are made after the check-in is queued, so they can go in a push of their own (sooner
    // now that a Save before onnxruntime is up is answered by the early evaluator). Offline before that push, the
    // device rightly counts them as waiting.
    await expect(page.getByTestId("pending-badge")).toBeHidden({ timeout: 20_000 });
    await rows(`alter table public.check_ins add constraint ${CONSTRAINT} check (notes is null or notes not like '%server refuses%') not valid`);

    // Queued offline, so that one push run meets the refusal first and the two behind it next.
    await context.setOffline(true);
    for (const notes of ["the server refuses this", "saved after it", "saved after that", "the server refuses this too"]) await checkIn(page, notes);
    await expect(page.getByTestId("pending-badge")).toHaveText("4 waiting to sync");
    const ids = await idsByNotes(page, user.id);
    await goOnline(context, page);

    await expect(page.getByTestId("attention-badge")).toHaveText("2 need attention", { timeout: 30_000 });
    await expect(page.getByTestId("pending-badge")).toBeHidden();
    await expect
      .poll(async () => serverCounts([ids["saved after it"]!, ids["saved after that"]!, ids["the server refuses this"]!]))
      .toEqual({ [ids["saved after it"]!]: 1, [ids["saved after that"]!]: 1, [ids["the server refuses this"]!]: 0 });

    await page.getByTestId("attention-badge").click();
    await expect(page).toHaveURL(/\/history#needs-attention$/);
    const attention = page.getByTestId("needs-attention");
    await expect(attention.getByTestId("attention-item")).toHaveCount(2);
    await expect(attention.getByTestId("attention-reason").first()).toContainText("23514");
    await expect(attention.getByTestId("attention-reason").first()).toContainText(CONSTRAINT);
    await expect(historyItem(page, "the server refuses this too").getByTestId("sync-mark")).toHaveText("Needs attention");
    await expect(historyItem(page, "saved after that").getByTestId("sync-mark")).toHaveText("Synced");

    // Discard (after the confirm) drops the second refused one from this device; it never reaches the server.
    const refusedToo = attention.getByTestId("attention-item").filter({ hasText: "23514" }).nth(1);
    page.once("dialog", (dialog) => void dialog.accept());
    await refusedToo.getByRole("button", { name: "Discard" }).click();
    await expect(attention.getByTestId("attention-item")).toHaveCount(1);
    await expect(historyItem(page, "the server refuses this too")).toHaveCount(0);

    // The database's rule changes; Retry sends the first refused one, with its predictions.
    await rows(`alter table public.check_ins drop constraint ${CONSTRAINT}`);
    await attention.getByRole("button", { name: "Retry" }).click();
    await expect(page.getByTestId("needs-attention")).toBeHidden({ timeout: 30_000 });
    await expect(page.getByTestId("attention-badge")).toBeHidden();
    await expect(historyItem(page, "the server refuses this").first()).toBeVisible();
    await expect(page.getByTestId("sync-mark")).toHaveText(["Synced", "Synced", "Synced", "Synced"]);

    const sent = ["first, accepted", "the server refuses this", "saved after it", "saved after that"].map((n) => ids[n]!);
    await expectOnceOnServer(user.id, sent, 5);
    expect(await serverCounts([ids["the server refuses this too"]!])).toEqual({ [ids["the server refuses this too"]!]: 0 });
    expect(await serverCheckInCount(user.id)).toBe(4);
  });
});

test("two people on one browser: A's queued check-ins wait for A, B never sends them, A's next sign-in does", async ({ page, context, stack }) => {
  test.setTimeout(180_000);
  const a = await newUser("person-a");
  const b = await newUser("person-b");
  await signIn(page, a.email);
  await page.goto("/history");
  await page.goto("/");
  await waitForServiceWorker(page);
  await context.setOffline(true);
  // Offline before any model was downloaded: the predictions say "not available"; the check-ins are what counts here.
  for (const notes of ["A offline one", "A offline two"]) await checkIn(page, notes, { modelsNeverFetched: true });
  await expect(page.getByTestId("pending-badge")).toHaveText("2 waiting to sync");
  const aIds = Object.values(await idsByNotes(page, a.id));
  expect(aIds).toHaveLength(2);
  // The app opened again offline (from the service worker): nothing of the next pages was prefetched.
  await page.reload();
  await expect(page.getByTestId("pending-badge")).toHaveText("2 waiting to sync");

  await page.getByRole("button", { name: "Sign out" }).click();
  const dialog = page.getByTestId("sign-out-dialog");
  await expect(dialog).toContainText("2 check-ins have not reached Supabase yet");
  await dialog.getByRole("button", { name: "Keep them for my next sign-in and sign out" }).click();
  // Offline the move to /sign-in may be a full page load: wait for it, or the page reads below race the navigation.
  await page.waitForURL(/\/sign-in#signed-out-offline$/);
  await page.waitForLoadState("load");
  await expect(page.getByTestId("sign-out-message")).toContainText("Signed out on this device. Supabase could not be reached");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  // Kept on this device, still A's, still queued.
  expect((await localCheckIns(page, a.id)).map((c) => c.id).sort()).toEqual([...aIds].sort());

  await context.setOffline(false);
  await stack.clearRequests();
  const bSignedInAt = new Date().toISOString();
  await signIn(page, b.email);
  // B's engine has run (its pull read B's change feed) before we look at what it sent.
  await expect
    .poll(async () => (await requests()).some((r) => r.sub === b.id && r.path === "/rest/v1/sync_state"), { timeout: 20_000 })
    .toBe(true);
  await page.goto("/history");
  await expect(page.getByText("No check-ins yet")).toBeVisible();
  await expect(page.getByTestId("history-item")).toHaveCount(0);
  await expect(page.getByTestId("pending-badge")).toBeHidden();
  await expect(page.getByTestId("attention-badge")).toBeHidden();
  await page.waitForTimeout(3_000);

  const whileB = (await requests()).filter((r) => r.at >= bSignedInAt);
  // No POST of rows at all while B is signed in (B has nothing to send; A's rows must not go with B's token).
  expect(whileB.filter((r) => r.method === "POST" && r.path.startsWith("/rest/v1/"))).toEqual([]);
  expect(whileB.filter((r) => r.sub !== null && r.sub !== b.id)).toEqual([]);
  expect(await serverCounts(aIds)).toEqual(Object.fromEntries(aIds.map((id) => [id, 0])));
  expect(await serverCheckInCount(b.id)).toBe(0);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  await signIn(page, a.email);
  await expect.poll(() => serverCounts(aIds), { timeout: 30_000 }).toEqual(Object.fromEntries(aIds.map((id) => [id, 1])));
  await expect(page.getByTestId("pending-badge")).toBeHidden();
  await expectOnceOnServer(a.id, aIds);
  expect(await serverCheckInCount(a.id)).toBe(2);
  expect(await serverCheckInCount(b.id)).toBe(0);
});

test("a new device: the whole history is pulled, page by page, and stays readable offline", async ({ page, context, stack }) => {
  test.setTimeout(180_000);
  // More than one pull page (PULL_PAGE_SIZE is 100), so that a pull stopping after its first page shows.
  const TOTAL = 130;
  const user = await newUser("new-device");
  await rows(
    `insert into public.check_ins (user_id, checkin_date, created_at, mood, energy, stress, sleep_hours, activity_minutes, notes)
     select $1::uuid, now() - make_interval(days => g), now() - make_interval(days => g), 1 + g % 10, 1 + (g * 3) % 10, 1 + (g * 7) % 10,
            (g % 20)::numeric / 2, g % 90, 'seeded day ' || g
       from generate_series(1, ${TOTAL}) as g`,
    [user.id],
  );
  // Some have predictions (every tenth check-in: 13 × 5).
  await rows(
    `insert into public.predictions (user_id, checkin_id, prediction_type, model_name, model_version, label, score, created_at)
     select c.user_id, c.id, t, 'seed_model', '1.0.0', null, 0.5, c.checkin_date
       from public.check_ins c cross join unnest(array['mood_tomorrow','burnout_risk','sleep_quality','stress_forecast','energy_dip']) as t
      where c.user_id = $1::uuid and c.notes ~ '^seeded day [0-9]*0$'`,
    [user.id],
  );
  const serverIds = (await rows<{ id: string }>("select id::text as id from public.check_ins where user_id = $1", [user.id])).map((r) => r.id);
  expect(serverIds).toHaveLength(TOTAL);

  // Slow the predictions' requests so the progress can be seen.
  await stack.setFault({ target: "rest", mode: "delay", delayMs: 1_500, pathPrefix: "/rest/v1/predictions" });
  await signIn(page, user.email);
  // A first pull shows how far it is through the person's change feed (check-ins, then predictions, then deletions).
  await expect(page.getByTestId("pull-progress")).toContainText(/Loading your history… \d+%/, { timeout: 20_000 });
  await expect(page.getByTestId("pull-progress")).toBeHidden({ timeout: 30_000 });
  await stack.clearFault();

  const local = await localCheckIns(page, user.id);
  expect(local.map((c) => c.id).sort()).toEqual([...serverIds].sort());
  expect((await localStore<{ user_id: string }>(page, "predictions")).filter((p) => p.user_id === user.id)).toHaveLength(65);

  const showsAll = async () => {
    await expect(page.getByTestId("history-item")).toHaveCount(20);
    await expect(page.getByTestId("history-item").first()).toContainText(/seeded day 1(?!\d)/);
    // The pull every page start runs refreshes the list when it ends; a "Load more" clicked at that moment is lost
    // (the refresh cancels the page being fetched), so let the start-up sync finish first.
    await page.waitForLoadState("networkidle");
    for (let shown = 40; shown <= TOTAL + 19; shown += 20) {
      await page.getByRole("button", { name: "Load more" }).click();
      await expect(page.getByTestId("history-item")).toHaveCount(Math.min(shown, TOTAL));
    }
    await expect(page.getByRole("button", { name: "Load more" })).toBeHidden();
    await expect(page.getByTestId("history-item").last()).toContainText(new RegExp(`seeded day ${TOTAL}(?!\\d)`));
  };
  await page.goto("/history");
  await showsAll();
  await expect(page.getByTestId("sync-mark").filter({ hasNotText: "Synced" })).toHaveCount(0);

  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.reload();
  await showsAll();

  // Pulling wrote nothing: each row is on the server once, as seeded.
  await expectOnceOnServer(user.id, serverIds);
  expect(await serverCheckInCount(user.id)).toBe(TOTAL);
});

test("every model fails after the save: the check-in is still saved once, the form stays empty, each failure on its line", async ({ browser, stack }) => {
  test.setTimeout(120_000);
  void stack;
  // No service worker in this context: the blocked model requests must be the page's own, which context.route sees.
  const context = await browser.newContext({ serviceWorkers: "block" });
  try {
    await context.route(/\/models\/[^/]+\.onnx(\.gz)?(\?.*)?$/, (route) => route.abort());
    const page = await context.newPage();
    const user = await newUser("models-fail");
    await signIn(page, user.email);
    await fillCheckIn(page, { Mood: "3", Energy: "4", Stress: "8", Notes: "models are unreachable" });
    await page.getByRole("button", { name: "Save check-in" }).click();
    const results = page.getByTestId("prediction-results");
    await expect(results).toBeVisible({ timeout: 60_000 });
    await expect(results.getByRole("listitem")).toHaveCount(5);
    for (const type of PREDICTION_TYPES) await expect(page.getByTestId(`prediction-${type}`)).toContainText("not available");
    for (const label of ["Mood", "Energy", "Stress", "Sleep (hours)", "Activity (minutes)", "Notes"]) {
      await expect(page.getByLabel(label, { exact: true })).toHaveValue("");
    }
    await expect(page.getByTestId("pending-badge")).toBeHidden({ timeout: 20_000 });
    const ids = Object.values(await idsByNotes(page, user.id));
    expect(ids).toHaveLength(1);
    await expectOnceOnServer(user.id, ids);
    expect(await serverCheckInCount(user.id)).toBe(1);
    expect(await rows("select id from public.predictions where user_id = $1", [user.id])).toEqual([]);
  } finally {
    await context.close();
  }
});

test("the browser-database upgrade from version 1 keeps a queued check-in and sends it once", async ({ context, stack }) => {
  test.setTimeout(120_000);
  void stack;
  const user = await newUser("upgrade");
  const signInTab = await context.newPage();
  await signIn(signInTab, user.email);
  await signInTab.close();

  const queued = {
    id: crypto.randomUUID(),
    user_id: user.id,
    checkin_date: new Date(Date.now() - 3_600_000).toISOString(),
    created_at: new Date(Date.now() - 3_600_000).toISOString(),
    mood: 7, energy: 6, stress: 3, sleep_hours: 8, activity_minutes: 45, notes: "queued by version 1",
  };
  const predictions = ["mood_tomorrow", "burnout_risk"].map((type) => ({
    id: crypto.randomUUID(), user_id: user.id, checkin_id: queued.id, prediction_type: type,
    model_name: "v1_model", model_version: "1.0.0", label: null, score: 0.25, probabilities: null, created_at: queued.created_at,
  }));

  // The old tab: version 1 of the app's database (what version 1 of the app had written), held open.
  const oldTab = await context.newPage();
  await openVersion1Database(oldTab, [
    { store: "meta", value: { userId: user.id, email: user.email, status: "active" }, key: "account" },
    { store: "outbox", value: { kind: "check_in", checkIn: queued, queuedAt: queued.created_at } },
    { store: "outbox", value: { kind: "predictions", predictions, queuedAt: queued.created_at } },
  ]);

  const newTab = await context.newPage();
  await newTab.goto("/history");
  await expect(newTab.getByTestId("db-notice")).toContainText("Close its other tabs");
  expect(await serverCounts([queued.id])).toEqual({ [queued.id]: 0 });

  // The old tab reloads into the new app: the upgrade runs, the queued check-in is sent.
  await oldTab.goto("/history");
  for (const tab of [newTab, oldTab]) {
    await expect(tab.getByTestId("history-item")).toHaveCount(1);
    await expect(tab.getByTestId("history-item")).toContainText("queued by version 1");
  }
  await expect.poll(() => serverCounts([queued.id]), { timeout: 30_000 }).toEqual({ [queued.id]: 1 });
  await expect(newTab.getByTestId("sync-mark")).toHaveText("Synced", { timeout: 20_000 });
  await expect(newTab.getByTestId("pending-badge")).toBeHidden();
  await expectOnceOnServer(user.id, [queued.id], 2);
  const [stored] = await rows<{ mood: number; notes: string; sleep_hours: number }>(
    "select mood, notes, sleep_hours::float8 as sleep_hours from public.check_ins where id = $1",
    [queued.id],
  );
  expect(stored).toEqual({ mood: 7, notes: "queued by version 1", sleep_hours: 8 });
});

test("Your data: the JSON download is exactly the user's rows in PostgreSQL; Delete my data leaves none", async ({ page, stack }) => {
  test.setTimeout(150_000);
  void stack;
  const user = await newUser("your-data");
  const other = await newUser("bystander");
  await rows(
    "insert into public.check_ins (user_id, mood, energy, stress, notes) values ($1::uuid, 5, 5, 5, 'someone else''s')",
    [other.id],
  );
  await signIn(page, user.email);
  await checkIn(page, "mine, first");
  await checkIn(page, "mine, second");
  await expect.poll(() => serverCheckInCount(user.id), { timeout: 20_000 }).toBe(2);
  await expect(page.getByTestId("pending-badge")).toBeHidden({ timeout: 20_000 });

  await page.goto("/your-data");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download JSON" }).click()]);
  const data = JSON.parse(await readFile((await download.path())!, "utf8")) as {
    user_id: string;
    check_ins: Record<string, unknown>[];
    predictions: Record<string, unknown>[];
  };
  expect(data.user_id).toBe(user.id);

  const byId = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.id).localeCompare(String(b.id));
  const serverCheckIns = await rows<Record<string, unknown>>(
    `select id::text as id, user_id::text as user_id, checkin_date, mood, energy, stress, sleep_hours::float8 as sleep_hours,
            activity_minutes, notes, created_at from public.check_ins where user_id = $1`,
    [user.id],
  );
  const checkInShape = (c: Record<string, unknown>) => ({
    id: c.id, user_id: c.user_id, mood: c.mood, energy: c.energy, stress: c.stress, sleep_hours: c.sleep_hours,
    activity_minutes: c.activity_minutes, notes: c.notes,
    checkin_date: Date.parse(String(c.checkin_date)), created_at: Date.parse(String(c.created_at)),
  });
  expect(data.check_ins.map(checkInShape).sort(byId)).toEqual(serverCheckIns.map(checkInShape).sort(byId));

  const serverPredictions = await rows<Record<string, unknown>>(
    `select id::text as id, user_id::text as user_id, checkin_id::text as checkin_id, prediction_type, model_name, model_version,
            label, score, probabilities, created_at from public.predictions where user_id = $1`,
    [user.id],
  );
  expect(serverPredictions).toHaveLength(10);
  const predictionShape = (p: Record<string, unknown>): Record<string, unknown> => ({ ...p, created_at: Date.parse(String(p.created_at)) });
  expect(data.predictions.map(predictionShape).sort(byId)).toEqual(serverPredictions.map(predictionShape).sort(byId));
  const ids = serverCheckIns.map((c) => String(c.id));
  await expectOnceOnServer(user.id, ids, 5);

  await page.getByRole("button", { name: "Delete my data" }).click();
  await page.getByRole("button", { name: "Yes, delete everything" }).click();
  await expect(page.getByRole("status").filter({ hasText: "deleted from Supabase and from this device" })).toBeVisible();
  expect(await serverCounts(ids)).toEqual(Object.fromEntries(ids.map((id) => [id, 0])));
  expect(await rows("select id from public.predictions where user_id = $1", [user.id])).toEqual([]);
  expect(await serverCheckInCount(other.id)).toBe(1);
  await page.goto("/history");
  await expect(page.getByText("No check-ins yet")).toBeVisible();
  await expect(page.getByTestId("history-item")).toHaveCount(0);
});
