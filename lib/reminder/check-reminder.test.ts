import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { beforeEach, describe, expect, it } from "vitest";
import type { CheckIn } from "@/lib/domain/check-in";
import { putLocalCheckIn } from "@/lib/data/local/local-check-ins";
import { type LocalStore, openLocalStore } from "@/lib/data/local/local-db";
import { getLocalUserId } from "@/lib/data/local/local-user";
import { setAccount } from "@/lib/data/session/account";
import { checkReminder } from "./check-reminder";
import { getLastNotifiedDay, setReminderTime } from "./reminder-store";

const NY = "America/New_York";
const EVENING = Date.parse("2026-12-08T02:00:00Z"); // 21:00 on Dec 7 in New York

const checkIn = (userId: string, iso: string): CheckIn => ({
  id: crypto.randomUUID(), user_id: userId, checkin_date: iso, created_at: iso,
  mood: 5, energy: 5, stress: 5, sleep_hours: null, activity_minutes: null, notes: null,
});

let store: LocalStore;
beforeEach(() => {
  const factory = new IDBFactory();
  store = openLocalStore({ factory: () => factory });
});

describe("checkReminder (the service worker's check, on the real local store)", () => {
  it("local mode: reminds when the local user has no check-in today, once", async () => {
    const userId = await getLocalUserId(store);
    await setReminderTime(store, "20:00");
    await putLocalCheckIn(store, checkIn(userId, "2026-12-06T23:00:00.000Z")); // yesterday, local
    const first = await checkReminder(store, EVENING, NY);
    expect(first.notify).toBe(true);
    expect(await getLastNotifiedDay(store)).toBe(first.notify ? first.day : null);
    expect(await checkReminder(store, EVENING + 60_000, NY)).toEqual({ notify: false, reason: "already-notified" });
  });

  it("local mode: says nothing after today's check-in", async () => {
    const userId = await getLocalUserId(store);
    await setReminderTime(store, "20:00");
    await putLocalCheckIn(store, checkIn(userId, "2026-12-07T15:00:00.000Z"));
    expect(await checkReminder(store, EVENING, NY)).toEqual({ notify: false, reason: "checked-in" });
    expect(await getLastNotifiedDay(store)).toBeNull();
  });

  it("Supabase mode: counts the signed-in account's check-ins (pulled from other devices too), not another user's", async () => {
    await setReminderTime(store, "20:00");
    await setAccount(store, { userId: "user-a", email: "a@example.com", status: "active" });
    await putLocalCheckIn(store, checkIn("user-b", "2026-12-07T15:00:00.000Z"));
    expect((await checkReminder(store, EVENING, NY)).notify).toBe(true);
    const other = openLocalStore({ factory: () => new IDBFactory() });
    await setReminderTime(other, "20:00");
    await setAccount(other, { userId: "user-a", email: "a@example.com", status: "needs-sign-in" });
    await putLocalCheckIn(other, checkIn("user-a", "2026-12-07T15:00:00.000Z"));
    expect(await checkReminder(other, EVENING, NY)).toEqual({ notify: false, reason: "checked-in" });
  });

  it("says nothing when nobody is signed in and there is no local user", async () => {
    await setReminderTime(store, "20:00");
    expect(await checkReminder(store, EVENING, NY)).toEqual({ notify: false, reason: "no-user" });
  });
});
