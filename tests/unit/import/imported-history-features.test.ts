import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import * as ort from "onnxruntime-web/wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { saveCheckIn } from "@/lib/data/check-ins/save-check-in";
import { applyImportPlan } from "@/lib/data/import/apply-import";
import { historyRows } from "@/tests/support/import-rows";
import { ChangeBus } from "@/lib/data/local/data-changes";
import { listAllLocalCheckIns } from "@/lib/data/local/local-check-ins";
import { openLocalStore } from "@/lib/data/local/local-db";
import { listAllLocalPredictions } from "@/lib/data/local/local-predictions";
import { PREDICTION_TYPES, type PredictionType } from "@/lib/domain/prediction";
import { extractFeatures } from "@/lib/features/extract";
import type { ModelEntry } from "@/lib/models/manifest-schema";
import { toModelOutput } from "@/lib/models/model-output";
import type { LoadedModel } from "@/lib/models/registry";
import { buildTrackRecord } from "@/lib/predictions/track-record";
import { runPredictions } from "@/lib/predictions/run-predictions";
import { readManifest, readModelFile } from "../models/bundled-models";

const ME = "33333333-3333-4333-8333-333333333333";
const ZONE = "Europe/Berlin";
/** The save happens on 2026-12-07 at 20:00 UTC; the imported days end the day before. */
const SAVE_AT = Date.UTC(2026, 11, 7, 20);

/** The bundled models in real onnxruntime sessions, each remembering the feature rows it was given. */
const seen = new Map<PredictionType, Float32Array[]>();
const models = new Map<PredictionType, LoadedModel>();

beforeAll(async () => {
  ort.env.wasm.numThreads = 1;
  for (const entry of readManifest().models as ModelEntry[]) {
    const session = await ort.InferenceSession.create(readModelFile(entry.file), { executionProviders: ["wasm"] });
    const type = entry.prediction_type as PredictionType;
    seen.set(type, []);
    models.set(type, {
      entry,
      run: async (features) => {
        seen.get(type)!.push(Float32Array.from(features));
        const input = new ort.Tensor("float32", Float32Array.from(features), [1, entry.features.length]);
        return toModelOutput(entry, await session.run({ [entry.input.name]: input }));
      },
    });
  }
});

describe("imported history (issue 22, item 4)", () => {
  it("gets no invented predictions, and the next Save's features are computed from it at once", async () => {
    const factory = new IDBFactory();
    const store = openLocalStore({ factory: () => factory, name: "item-4" });
    // 60 imported days, as a Daylio import gives them: check-ins, no predictions.
    const { checkIns } = historyRows(ME, 60, Date.UTC(2026, 11, 7), false);
    await applyImportPlan(store, ME, { source: "daylio", checkIns, predictions: [], problems: [], lines: new Map() }, { queue: false, generation: 0 });
    expect(await listAllLocalPredictions(store, ME)).toEqual([]);

    const result = await saveCheckIn(
      {
        store,
        bus: new ChangeBus(null),
        queue: false,
        getUser: () => Promise.resolve({ userId: ME, email: null, status: "local" }),
        now: () => SAVE_AT,
        serverOffsetMs: () => null,
        timeZone: ZONE,
        predict: (checkIn, history) => runPredictions({ registry: { getByType: (t) => Promise.resolve(models.get(t)!) }, checkIn, history, timeZone: ZONE }),
      },
      { mood: 7, energy: 6, stress: 3, sleep_hours: 8, activity_minutes: 20, notes: null },
    );
    expect(result.outcomes.every((o) => o.ok)).toBe(true);

    // What the models ran on is exactly the features of the imported rows of the 28-day window.
    const windowStart = Date.UTC(2026, 10, 9) - 3_600_000; // Berlin midnight of 2026-11-09, 28 local days before 2026-12-07
    const imported = checkIns.filter((c) => Date.parse(c.checkin_date) >= windowStart).reverse();
    expect(imported).toHaveLength(28);
    for (const type of PREDICTION_TYPES) {
      const entry = models.get(type)!.entry;
      const expected = extractFeatures(entry.features, result.checkIn, imported, { timeZone: ZONE });
      expect(seen.get(type)).toEqual([expected]);
      const at = (name: string) => seen.get(type)![0]![entry.features.findIndex((f) => f.name === name)];
      if (entry.features.some((f) => f.name === "checkins_last_28d")) expect(at("checkins_last_28d")).toBe(28);
      if (entry.features.some((f) => f.name === "days_since_last_checkin")) expect(at("days_since_last_checkin")).toBe(1);
    }

    // The track record holds only what the app predicted itself: the one day it saved (its outcome is not in yet).
    const record = buildTrackRecord({
      checkIns: await listAllLocalCheckIns(store, ME),
      predictions: await listAllLocalPredictions(store, ME),
      timeZone: ZONE,
      now: SAVE_AT,
    });
    expect(record.map((e) => e.madeFrom.id)).toEqual(PREDICTION_TYPES.map(() => result.checkIn.id));
  });
});
