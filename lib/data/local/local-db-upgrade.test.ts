import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { openDB } from "idb";
import { beforeEach, describe, expect, it } from "vitest";
import { browserLocalStore, getLocalDb, LOCAL_DB_NAME, LOCAL_DB_VERSION, onLocalDbEvent, resetLocalDbForTests } from "@/lib/data/local/local-db";
import { listAllLocalCheckIns } from "@/lib/data/local/local-check-ins";
import { listPredictionsOfCheckIn } from "@/lib/data/local/local-predictions";
import { listQueue } from "@/lib/data/local/local-sync-queue";
import type { CheckIn } from "@/lib/domain/check-in";
import type { Prediction } from "@/lib/domain/prediction";

const USER = "b7c9a3e0-1111-4222-8333-944455556666";
const checkIn = (id: string, day: number): CheckIn => {
  const d = new Date(Date.UTC(2026, 10, day, 8)).toISOString();
  return { id, user_id: USER, checkin_date: d, created_at: d, mood: 5, energy: 5, stress: 5, sleep_hours: 7, activity_minutes: 10, notes: `day ${day}` };
};
const prediction = (checkinId: string): Prediction => ({
  id: crypto.randomUUID(), user_id: USER, checkin_id: checkinId, prediction_type: "mood_tomorrow", model_name: "m", model_version: "1",
  label: "steady", score: 0.6, probabilities: [0.2, 0.6, 0.2], created_at: new Date().toISOString(),
});

/** Version 1 of the database exactly as the app made it before the sync queue (lib/local-db/local-db.ts at v1). */
async function makeVersion1(seed: (db: Awaited<ReturnType<typeof openDB>>) => Promise<void>) {
  const db = await openDB(LOCAL_DB_NAME, 1, {
    upgrade(d) {
      const c = d.createObjectStore("check_ins", { keyPath: "id" });
      c.createIndex("user_date", ["user_id", "checkin_date"]);
      const p = d.createObjectStore("predictions", { keyPath: "id" });
      p.createIndex("user_type_created", ["user_id", "prediction_type", "created_at"]);
      p.createIndex("checkin", "checkin_id");
      d.createObjectStore("meta");
      d.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
    },
  });
  await seed(db);
  return db;
}

beforeEach(async () => {
  await resetLocalDbForTests();
  globalThis.indexedDB = new IDBFactory();
});

describe("browser database upgrade 1 → 2", () => {
  it("moves the v1 outbox into rows and queue entries, keeps local rows and meta, and drops the outbox", async () => {
    const local = checkIn("00000000-0000-4000-8000-000000000001", 1);
    const queued = checkIn("00000000-0000-4000-8000-000000000002", 2);
    const sentEarlier = "00000000-0000-4000-8000-000000000003";
    const predQueued = prediction(queued.id);
    const predOfSent = prediction(sentEarlier);
    const v1 = await makeVersion1(async (db) => {
      await db.put("check_ins", local);
      await db.put("meta", "local-user-id", "local_user_id");
      await db.add("outbox", { kind: "check_in", checkIn: queued, queuedAt: "2026-11-02T08:00:00.000Z" });
      await db.add("outbox", { kind: "predictions", predictions: [predQueued], queuedAt: "2026-11-02T08:00:01.000Z" });
      await db.add("outbox", { kind: "predictions", predictions: [predOfSent], queuedAt: "2026-11-02T08:00:02.000Z", lastError: "Failed to fetch" });
    });
    v1.close();

    const db = await getLocalDb();
    expect(db.version).toBe(LOCAL_DB_VERSION);
    expect([...db.objectStoreNames]).not.toContain("outbox");
    expect((await listAllLocalCheckIns(browserLocalStore(), USER)).map((c) => c.id)).toEqual([queued.id, local.id]);
    expect(await listPredictionsOfCheckIn(browserLocalStore(), queued.id)).toEqual([predQueued]);
    expect(await listPredictionsOfCheckIn(browserLocalStore(), sentEarlier)).toEqual([predOfSent]);
    const queue = await listQueue(browserLocalStore(), USER);
    expect(queue.map((e) => [e.checkin_id, e.status])).toEqual([
      [queued.id, "pending"],
      [sentEarlier, "pending"],
    ]);
    expect(await db.get("meta", "local_user_id")).toBe("local-user-id");
  });

  it("waits for an older tab that holds version 1 open, says so, and upgrades when it closes", async () => {
    const v1 = await makeVersion1(async (db) => {
      await db.add("outbox", { kind: "check_in", checkIn: checkIn("00000000-0000-4000-8000-000000000009", 3), queuedAt: "2026-11-03T08:00:00.000Z" });
    });
    const events: string[] = [];
    const off = onLocalDbEvent((e) => events.push(e.kind));
    const opening = getLocalDb();
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toEqual(["blocked"]);
    v1.close();
    const db = await opening;
    expect(db.version).toBe(LOCAL_DB_VERSION);
    expect(await listQueue(browserLocalStore(), USER)).toHaveLength(1);
    off();
  });

  it("closes its connection and asks for a reload when a newer version needs the database", async () => {
    const events: string[] = [];
    const off = onLocalDbEvent((e) => events.push(e.kind));
    await getLocalDb();
    const newer = await openDB(LOCAL_DB_NAME, LOCAL_DB_VERSION + 1, { upgrade() {} });
    expect(newer.version).toBe(LOCAL_DB_VERSION + 1);
    expect(events).toContain("reload-required");
    newer.close();
    off();
  });
});
