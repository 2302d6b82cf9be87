import "fake-indexeddb/auto";
import { createHash } from "node:crypto";
import { IDBFactory } from "fake-indexeddb";
import { beforeEach, describe, expect, it } from "vitest";
import type { CheckIn } from "@/lib/domain/check-in";
import { browserChangeBus } from "@/lib/data/local/data-changes";
import { putLocalCheckIn } from "@/lib/data/local/local-check-ins";
import { browserLocalStore, resetLocalDbForTests } from "@/lib/data/local/local-db";
import { deleteLocalModeData } from "@/lib/data/your-data/delete-data";
import type { Manifest, ModelEntry } from "@/lib/models/manifest-schema";
import { buildPersonalModel } from "@/lib/personal/build-personal-model";
import { getPersonalModel, listPersonalModels } from "@/lib/personal/store/personal-models-store";
import { type TrainDeps, trainPersonalModels } from "@/lib/personal/train/train-personal-models";
import type { BuildPersonalModelInput } from "@/lib/personal/types";
import { readManifest, readModelFile } from "../models/bundled-models";

const USER = "aaaaaaaa-1111-4222-8333-944455556666";
const DAY_MS = 86_400_000;
const MONDAY = Date.UTC(2026, 0, 5);

/** Stress 2, except 9 on Wednesdays: a rhythm of one person the population model cannot know (PCORE's gate test). */
const day = (d: number): CheckIn => {
  const at = new Date(MONDAY + d * DAY_MS + 20 * 3_600_000).toISOString();
  return { id: `00000000-0000-4000-8000-${String(d).padStart(12, "0")}`, user_id: USER, checkin_date: at, created_at: at, mood: 6, energy: 6, stress: d % 7 === 2 ? 9 : 2, sleep_hours: 7, activity_minutes: 30, notes: "never read by the trainer" };
};

function deps(manifest: Manifest = readManifest()) {
  const calls = { treeFile: 0, train: [] as BuildPersonalModelInput[] };
  const d: TrainDeps = {
    store: browserLocalStore(),
    userId: USER,
    timeZone: "UTC",
    manifest: async () => manifest,
    treeFile: async (entry: ModelEntry) => {
      calls.treeFile += 1;
      return readModelFile(entry.explain!.file);
    },
    // The real trainer, on this thread (the browser runs the same call in its worker).
    train: async (input) => {
      calls.train.push(input);
      return { build: buildPersonalModel(input), ms: 1 };
    },
    now: () => new Date("2026-03-10T12:00:00Z"),
  };
  return { d, calls };
}

async function seed(days: number): Promise<void> {
  for (let i = 0; i < days; i++) await putLocalCheckIn(browserLocalStore(), day(i));
}

beforeEach(async () => {
  await resetLocalDbForTests();
  globalThis.indexedDB = new IDBFactory();
});

describe("trainPersonalModels (the browser's scheduler, with the real trainer)", () => {
  it("builds each type from the person's days, stores what the gate chose, and then has nothing to do until a day accrues", async () => {
    await seed(61);
    const { d, calls } = deps();
    const outcomes = await trainPersonalModels(d);
    expect(outcomes.map((o) => [o.type, o.result])).toEqual([
      ["mood_tomorrow", "built"],
      ["energy_dip", "built"],
      ["stress_forecast", "built"],
    ]);
    // The trainer saw the check-in fields it needs and nothing else: no notes, no user id.
    expect(Object.keys(calls.train[0]!.checkIns[0]!).sort()).toEqual(["activity_minutes", "checkin_date", "energy", "id", "mood", "sleep_hours", "stress"]);
    const stress = await getPersonalModel(browserLocalStore(), USER, "stress_forecast");
    expect(stress?.decision).toBe("personal");
    expect(stress?.scoredDays).toBe(60);
    expect(stress?.trainedThrough).toBe(Math.round(MONDAY / DAY_MS) + 59);
    const onnx = new Uint8Array(await stress!.model!.onnx.arrayBuffer());
    expect(createHash("sha256").update(onnx).digest("hex")).toBe(stress!.model!.sha256);
    const generic = readManifest().models.find((m) => m.prediction_type === "stress_forecast")!;
    expect(stress?.generic).toEqual({ name: generic.name, version: generic.version, sha256: generic.sha256 });
    expect(stress?.heldOut?.personal).toBeLessThan(stress!.heldOut!.generic);

    const again = deps();
    expect((await trainPersonalModels(again.d)).map((o) => o.result)).toEqual(["up-to-date", "up-to-date", "up-to-date"]);
    expect(again.calls.train).toEqual([]);
    expect(again.calls.treeFile).toBe(0);

    await putLocalCheckIn(browserLocalStore(), day(61));
    const accrued = deps();
    expect((await trainPersonalModels(accrued.d)).map((o) => o.result)).toEqual(["built", "built", "built"]);
    expect((await getPersonalModel(browserLocalStore(), USER, "stress_forecast"))?.scoredDays).toBe(61);
  });

  it(`short of 21 scored days: stores the count, loads no tree file and starts no trainer`, async () => {
    await seed(12);
    const { d, calls } = deps();
    expect((await trainPersonalModels(d)).map((o) => o.result)).toEqual(["too-few-days", "too-few-days", "too-few-days"]);
    expect(calls.treeFile).toBe(0);
    expect(calls.train).toEqual([]);
    expect((await getPersonalModel(browserLocalStore(), USER, "mood_tomorrow"))?.scoredDays).toBe(11);
  });

  it("discards a build made on an older generic version, even when the new one cannot be built yet", async () => {
    await seed(40);
    await trainPersonalModels(deps().d);
    const next = structuredClone(readManifest());
    for (const m of next.models) m.version = "9.0.0";
    const offline = deps(next);
    offline.d.treeFile = async () => {
      throw new Error("Explanations need a connection once");
    };
    const outcomes = await trainPersonalModels(offline.d);
    expect(outcomes.map((o) => o.result)).toEqual(["failed", "failed", "failed"]);
    expect(await listPersonalModels(browserLocalStore(), USER)).toEqual([]);
  });

  it("stores nothing when the person's data is deleted while the trainer runs", async () => {
    await seed(40);
    const { d } = deps();
    const train = d.train;
    d.train = async (input) => {
      await deleteLocalModeData(browserLocalStore(), browserChangeBus(), USER);
      return train(input);
    };
    expect(await trainPersonalModels(d)).toEqual([]);
    expect(await listPersonalModels(browserLocalStore(), USER)).toEqual([]);
  });
});
