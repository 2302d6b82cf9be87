import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { beforeEach, describe, expect, it } from "vitest";
import type { CheckIn } from "@/lib/domain/check-in";
import { browserChangeBus } from "@/lib/data/local/data-changes";
import { currentGeneration, StaleGenerationError } from "@/lib/data/local/generation";
import { putLocalCheckIn } from "@/lib/data/local/local-check-ins";
import { browserLocalStore, resetLocalDbForTests } from "@/lib/data/local/local-db";
import { wipeOtherUsers, wipeUserData } from "@/lib/data/local/local-wipe";
import { deleteLocalModeData } from "@/lib/data/your-data/delete-data";
import type { PersonalType } from "@/lib/personal/types";
import { getPersonalModel, isPersonalOff, listPersonalModels, putPersonalModel, setPersonalOff } from "./personal-models-store";
import type { StoredPersonalModel } from "./stored-personal-model";

const A = "aaaaaaaa-1111-4222-8333-944455556666";
const B = "bbbbbbbb-1111-4222-8333-944455556666";

const record = (userId: string, type: PersonalType): StoredPersonalModel => ({
  user_id: userId,
  prediction_type: type,
  generic: { name: "lgbm_multiclass_v1", version: "1.0.0", sha256: "a".repeat(64) },
  decision: "personal",
  scoredDays: 40,
  heldOut: { days: 21, origins: 3, metric: "mood_accuracy", higherIsBetter: true, generic: 0.6, personal: 0.7, persistence: 0.5, logLoss: { generic: 0.8, personal: 0.6 } },
  trainedThrough: 20_400,
  builtAt: "2026-12-07T10:00:00.000Z",
  trainMs: 900,
  model: { onnx: new Blob([new Uint8Array([1, 2, 3])]), sha256: "b".repeat(64), treeFile: new Blob([new Uint8Array([4])]), treeSha256: "c".repeat(64), trainedDays: 40, personalTrees: 8 },
});

const checkIn = (userId: string): CheckIn => {
  const d = new Date(Date.UTC(2026, 10, 1, 8)).toISOString();
  return { id: crypto.randomUUID(), user_id: userId, checkin_date: d, created_at: d, mood: 5, energy: 5, stress: 5, sleep_hours: 7, activity_minutes: 10, notes: null };
};

async function seedBoth() {
  const store = browserLocalStore();
  const g = await currentGeneration(store);
  for (const user of [A, B]) {
    await putLocalCheckIn(store, checkIn(user));
    for (const type of ["mood_tomorrow", "stress_forecast"] as const) await putPersonalModel(store, record(user, type), g);
    await setPersonalOff(store, user, true);
  }
  return store;
}

beforeEach(async () => {
  await resetLocalDbForTests();
  globalThis.indexedDB = new IDBFactory();
});

describe("personal models in the local store", () => {
  it("keeps one build per person and type, with its bytes", async () => {
    const store = await seedBoth();
    expect((await listPersonalModels(store, A)).map((r) => r.prediction_type).sort()).toEqual(["mood_tomorrow", "stress_forecast"]);
    const mood = await getPersonalModel(store, A, "mood_tomorrow");
    expect(new Uint8Array(await mood!.model!.onnx.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    expect(await getPersonalModel(store, A, "energy_dip")).toBeUndefined();
    expect(await isPersonalOff(store, A)).toBe(true);
  });

  it("Delete my data (local mode) removes the person's personal models and their switch, and only theirs", async () => {
    const store = await seedBoth();
    await deleteLocalModeData(store, browserChangeBus(), A);
    expect(await listPersonalModels(store, A)).toEqual([]);
    expect(await isPersonalOff(store, A)).toBe(false);
    expect(await listPersonalModels(store, B)).toHaveLength(2);
    expect(await isPersonalOff(store, B)).toBe(true);
  });

  it("sign-out removes them even when it keeps the unsent check-ins", async () => {
    const store = await seedBoth();
    await wipeUserData(store, A, { keepQueued: true });
    expect(await listPersonalModels(store, A)).toEqual([]);
    expect(await isPersonalOff(store, A)).toBe(false);
  });

  it("an account switch removes every other person's, also one whose check-ins are already gone", async () => {
    const store = await seedBoth();
    const g = await currentGeneration(store);
    await putPersonalModel(store, record("cccccccc-1111-4222-8333-944455556666", "energy_dip"), g);
    await wipeOtherUsers(store, A, {});
    expect(await listPersonalModels(store, A)).toHaveLength(2);
    expect(await listPersonalModels(store, B)).toEqual([]);
    expect(await listPersonalModels(store, "cccccccc-1111-4222-8333-944455556666")).toEqual([]);
    expect(await isPersonalOff(store, B)).toBe(false);
  });

  it("a build that began before a wipe is not stored after it", async () => {
    const store = browserLocalStore();
    const before = await currentGeneration(store);
    await deleteLocalModeData(store, browserChangeBus(), A);
    await expect(putPersonalModel(store, record(A, "mood_tomorrow"), before)).rejects.toBeInstanceOf(StaleGenerationError);
    expect(await listPersonalModels(store, A)).toEqual([]);
  });
});
