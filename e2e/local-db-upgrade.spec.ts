import { expect, test } from "@playwright/test";
import { LOCAL_DB_VERSION } from "@/lib/data/local/local-db";
import { openVersion1Database } from "./fixtures/version-1-database";

/**
 * The browser database's upgrade from version 1 (before the sync queue) to the current version (LOCAL_DB_VERSION), with data, while a second tab
 * still runs the old code and holds version 1 open. A page of the app's origin that runs none of its code
 * (/models/manifest.json) plays the old tab.
 */
const OLD_CHECK_IN = {
  id: "00000000-0000-4000-8000-0000000000a1",
  checkin_date: "2026-11-20T08:00:00.000Z",
  created_at: "2026-11-20T08:00:00.000Z",
  mood: 4, energy: 6, stress: 7, sleep_hours: 6.5, activity_minutes: 20, notes: "written by version 1",
};

test("upgrading the browser database from version 1 with data and an old tab open loses nothing", async ({ context }) => {
  const oldTab = await context.newPage();
  const userId = "11111111-1111-4111-8111-111111111111";
  await openVersion1Database(oldTab, [
    { store: "meta", value: userId, key: "local_user_id" },
    { store: "check_ins", value: { ...OLD_CHECK_IN, user_id: userId } },
  ]);

  const newTab = await context.newPage();
  await newTab.goto("/history");
  // The upgrade waits for the old tab and says what to do.
  await expect(newTab.getByTestId("db-notice")).toContainText("Close its other tabs");

  // The old tab reloads into the new app: its version-1 connection closes, the upgrade runs, both tabs show the data.
  await oldTab.goto("/history");
  for (const tab of [newTab, oldTab]) {
    await expect(tab.getByTestId("history-item")).toHaveCount(1);
    await expect(tab.getByTestId("history-item")).toContainText("written by version 1");
  }
  await expect(newTab.getByTestId("db-notice")).toBeHidden();
  expect(await newTab.evaluate(() => new Promise((r) => { const q = indexedDB.open("checkin-app"); q.onsuccess = () => { r(q.result.version); q.result.close(); }; }))).toBe(LOCAL_DB_VERSION);

  // A later version opened elsewhere: the tabs on the current version step aside (close their connection, ask for a reload)
  // instead of blocking it.
  const newerTab = await context.newPage();
  await newerTab.goto("/models/manifest.json");
  const upgraded = await newerTab.evaluate(
    (later) =>
      new Promise<number | string>((resolve) => {
        const request = indexedDB.open("checkin-app", later);
        request.onblocked = () => resolve("blocked");
        request.onsuccess = () => {
          const count = request.result.transaction("check_ins").objectStore("check_ins").count();
          count.onsuccess = () => resolve(count.result);
        };
      }),
    LOCAL_DB_VERSION + 1,
  );
  expect(upgraded).toBe(1);
  await expect(newTab.getByTestId("db-notice")).toContainText("Reload this tab");
  await expect(oldTab.getByTestId("db-notice")).toContainText("Reload this tab");
});
