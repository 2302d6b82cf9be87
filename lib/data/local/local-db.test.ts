import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { beforeEach, describe, expect, it } from "vitest";
import type { CheckIn } from "@/lib/domain/check-in";
import type { Prediction } from "@/lib/domain/prediction";
import { listLocalCheckIns, putLocalCheckIn } from "@/lib/data/local/local-check-ins";
import { browserLocalStore, resetLocalDbForTests } from "@/lib/data/local/local-db";
import { listLocalPredictionsByType, putLocalPredictions } from "@/lib/data/local/local-predictions";
import { getLocalUserId } from "@/lib/data/local/local-user";

const checkIn = (userId: string, day: number, mood = 5): CheckIn => {
  const date = new Date(Date.UTC(2026, 0, day, 8)).toISOString();
  return {
    id: crypto.randomUUID(), user_id: userId, checkin_date: date, created_at: date,
    mood, energy: 5, stress: 5, sleep_hours: 7.5, activity_minutes: 30, notes: null,
  };
};

beforeEach(async () => {
  await resetLocalDbForTests();
  globalThis.indexedDB = new IDBFactory();
});

describe("local IndexedDB store", () => {
  it("creates the local user id once and keeps it", async () => {
    const first = await getLocalUserId(browserLocalStore());
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(await getLocalUserId(browserLocalStore())).toBe(first);
  });

  it("pages a user's check-ins newest first with a keyset cursor, never mixing users", async () => {
    for (let day = 1; day <= 5; day++) await putLocalCheckIn(browserLocalStore(), checkIn("u1", day, day));
    await putLocalCheckIn(browserLocalStore(), checkIn("u2", 9));
    const first = await listLocalCheckIns(browserLocalStore(), { userId: "u1", cursor: null, pageSize: 2 });
    expect(first.items.map((c) => c.mood)).toEqual([5, 4]);
    expect(first.nextCursor).toEqual({ checkin_date: first.items[1]?.checkin_date, id: first.items[1]?.id });
    const second = await listLocalCheckIns(browserLocalStore(), { userId: "u1", cursor: first.nextCursor, pageSize: 2 });
    expect(second.items.map((c) => c.mood)).toEqual([3, 2]);
    const last = await listLocalCheckIns(browserLocalStore(), { userId: "u1", cursor: second.nextCursor, pageSize: 2 });
    expect(last.items.map((c) => c.mood)).toEqual([1]);
    expect(last.nextCursor).toBeNull();
  });

  it("pages check-ins that share a timestamp across a page boundary without skipping any (issue 18, defect 12)", async () => {
    const store = browserLocalStore();
    const at = new Date(Date.UTC(2026, 0, 3, 8)).toISOString();
    const tied = Array.from({ length: 5 }, (_, i) => ({ ...checkIn("u1", 3, i + 1), checkin_date: at, created_at: at }));
    for (const c of tied) await putLocalCheckIn(store, c);
    await putLocalCheckIn(store, checkIn("u1", 1));
    const seen: string[] = [];
    let cursor: Awaited<ReturnType<typeof listLocalCheckIns>>["nextCursor"] = null;
    do {
      const page = await listLocalCheckIns(store, { userId: "u1", cursor, pageSize: 2 });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
  });

  it("rejects a check-in outside the database's ranges and stores nothing", async () => {
    await expect(putLocalCheckIn(browserLocalStore(), { ...checkIn("u1", 1), mood: 0 })).rejects.toThrow(/Mood must be at least 1/);
    await expect(putLocalCheckIn(browserLocalStore(), { ...checkIn("u1", 1), sleep_hours: 25 })).rejects.toThrow(/at most 24/);
    expect((await listLocalCheckIns(browserLocalStore(), { userId: "u1", cursor: null, pageSize: 10 })).items).toEqual([]);
  });

  it("lists predictions of one type, newest first", async () => {
    const p = (type: Prediction["prediction_type"], minute: number): Prediction => ({
      id: crypto.randomUUID(), user_id: "u1", checkin_id: "c", prediction_type: type, model_name: "m", model_version: "1",
      label: "steady", score: 0.6, probabilities: [0.2, 0.6, 0.2],
      created_at: new Date(Date.UTC(2026, 0, 1, 8, minute)).toISOString(),
    });
    await putLocalCheckIn(browserLocalStore(), { ...checkIn("u1", 1), id: "c" });
    await putLocalPredictions(browserLocalStore(), [p("mood_tomorrow", 1), p("burnout_risk", 2), p("mood_tomorrow", 3)]);
    const rows = await listLocalPredictionsByType(browserLocalStore(), { userId: "u1", type: "mood_tomorrow", limit: 10 });
    expect(rows.map((r) => r.created_at)).toEqual([p("mood_tomorrow", 3).created_at, p("mood_tomorrow", 1).created_at]);
    expect(await listLocalPredictionsByType(browserLocalStore(), { userId: "u1", type: "mood_tomorrow", limit: 1 })).toHaveLength(1);
  });
});
