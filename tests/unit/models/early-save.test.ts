import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import * as ort from "onnxruntime-web/wasm";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { confirmEarlyPredictions } from "@/lib/data/check-ins/confirm-early-predictions";
import type { CheckIn } from "@/lib/domain/check-in";
import type { Prediction } from "@/lib/domain/prediction";
import { type EarlyEvaluator, InThreadEvaluator } from "@/lib/models/early-evaluator";
import type { ModelEntry } from "@/lib/models/manifest-schema";
import { type ModelOutput, toModelOutput } from "@/lib/models/model-output";
import { type ModelSession, type SessionFactory, SerialQueue } from "@/lib/models/ort-session";
import { ModelRegistry } from "@/lib/models/registry";
import { MemoryUsageStore } from "@/lib/models/usage-store";
import { runPredictions } from "@/lib/predictions/run-predictions";
import { summarizeOutput } from "@/lib/predictions/summarize-output";
import { fakeServer } from "@/tests/support/model-fakes";
import { readManifest, readModelFile } from "./bundled-models";

/**
 * The save path while onnxruntime is still starting: real onnxruntime-web sessions (in Node) whose creation waits for a
 * gate, the shipped models and manifest. A Save gets five predictions from the early evaluator with the gate closed;
 * once it opens, onnxruntime re-runs each row and confirms them; an evaluator that lies is caught, and onnxruntime's
 * numbers are stored instead.
 */
const BASE = "http://test/models/";
const manifest = readManifest();

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Real onnxruntime sessions, created only once `open()` is called: onnxruntime "still starting" until then. */
function gatedOrt() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let created = 0;
  // One creation at a time, as ort-session.ts does: concurrent first creations race in onnxruntime's wasm init.
  const creations = new SerialQueue();
  const factory: SessionFactory = async (bytes: Uint8Array, entry: ModelEntry): Promise<ModelSession> => {
    await gate;
    const session = await creations.push(() => ort.InferenceSession.create(bytes.slice(), { executionProviders: ["wasm"] }));
    created += 1;
    const width = entry.features.length;
    return {
      run: async (features) => toModelOutput(entry, await session.run({ [entry.input.name]: new ort.Tensor("float32", Float32Array.from(features), [1, width]) })),
      release: () => session.release(),
    };
  };
  return { factory, open: () => open(), created: () => created };
}

function registry(factory: SessionFactory, evaluator: () => EarlyEvaluator): ModelRegistry {
  const files = new Map(manifest.models.map((m) => [m.file, readModelFile(m.file)]));
  const server = fakeServer(files, JSON.stringify(manifest));
  return new ModelRegistry({
    baseUrl: BASE,
    fetch: server.fetch,
    sessionFactory: factory,
    usage: new MemoryUsageStore(),
    preload: "none",
    revalidateIntervalMs: 0,
    compressed: false,
    earlyEvaluator: evaluator,
  });
}

const checkIn: CheckIn = {
  id: "c1",
  user_id: "u1",
  checkin_date: "2026-03-10T20:00:00.000Z",
  created_at: "2026-03-10T20:00:00.000Z",
  mood: 4,
  energy: 3,
  stress: 8,
  sleep_hours: 5.5,
  activity_minutes: null,
  notes: null,
};

const history: CheckIn[] = [
  { ...checkIn, id: "c0", checkin_date: "2026-03-09T20:00:00.000Z", created_at: "2026-03-09T20:00:00.000Z", mood: 6, energy: 6, stress: 5, sleep_hours: 7 },
];

/** Never settles within the test: used to show a promise is still pending. */
const settledYet = async (p: Promise<unknown>) => Promise.race([p.then(() => true, () => true), new Promise<boolean>((r) => setTimeout(() => r(false), 50))]);

describe("a Save while onnxruntime is starting", () => {
  it("returns five predictions from the early evaluator, which onnxruntime then confirms", { timeout: 120_000 }, async () => {
    const runtime = gatedOrt();
    const reg = registry(runtime.factory, () => new InThreadEvaluator());
    const outcomes = await runPredictions({ registry: reg, checkIn, history, timeZone: "UTC", early: true });

    expect(runtime.created()).toBe(0); // onnxruntime has not made a single session: these came from the evaluator
    expect(outcomes).toHaveLength(5);
    for (const o of outcomes) {
      expect(o.ok, o.ok ? "" : o.error).toBe(true);
      if (!o.ok) continue;
      expect(Number.isFinite(o.prediction.score)).toBe(true);
      expect(o.check).toBeDefined();
      expect(await settledYet(o.check!)).toBe(false); // the check waits for onnxruntime
    }

    runtime.open();
    const confirmation = await confirmEarlyPredictions(outcomes, async () => {
      throw new Error("nothing should be replaced");
    });
    expect(runtime.created()).toBe(5);
    expect(confirmation.errors).toEqual([]);
    expect(confirmation.status).toBe("confirmed");
    expect(confirmation.outcomes.map((o) => o.ok && o.prediction)).toEqual(outcomes.map((o) => o.ok && o.prediction));

    // Every later Save uses onnxruntime's sessions: no check left to make.
    const later = await runPredictions({ registry: reg, checkIn: { ...checkIn, id: "c2" }, history, timeZone: "UTC", early: true });
    expect(later.every((o) => o.ok && o.check === undefined)).toBe(true);
    // And onnxruntime gives, on the same rows, the very numbers the evaluator stored.
    later.forEach((o, i) => {
      const first = outcomes[i]!;
      if (!o.ok || !first.ok) throw new Error("a prediction failed");
      expect({ label: o.prediction.label, score: o.prediction.score, probabilities: o.prediction.probabilities }).toEqual({
        label: first.prediction.label,
        score: first.prediction.score,
        probabilities: first.prediction.probabilities,
      });
    });
  });

  it("readied beside onnxruntime's start (prepareEarly), the evaluator parses each model once and serves the Save", { timeout: 120_000 }, async () => {
    const runtime = gatedOrt();
    const evaluator = new InThreadEvaluator();
    const reg = registry(runtime.factory, () => evaluator);
    await reg.prepareEarly();
    expect(evaluator.parses).toBe(5);
    const outcomes = await runPredictions({ registry: reg, checkIn, history, timeZone: "UTC", early: true });
    expect(outcomes.every((o) => o.ok && o.check !== undefined)).toBe(true);
    expect(evaluator.parses).toBe(5);
    expect(runtime.created()).toBe(0);
    runtime.open();
    expect((await confirmEarlyPredictions(outcomes, async () => undefined)).status).toBe("confirmed");
  });

  it("reports an early output that onnxruntime does not confirm, and stores onnxruntime's instead", { timeout: 120_000 }, async () => {
    // A broken evaluator: every regression value off by half a point (any difference beyond float32 rounding is caught;
    // this one also shows in the stored, rounded score).
    const honest = new InThreadEvaluator();
    const corrupted: EarlyEvaluator = {
      load: (key, bytes) => honest.load(key, bytes),
      run: async (key, features): Promise<ModelOutput> => {
        const out = await honest.run(key, features);
        if (out.value !== null) return { ...out, value: out.value + 0.5 };
        return out;
      },
    };
    const runtime = gatedOrt();
    const reg = registry(runtime.factory, () => corrupted);
    const outcomes = await runPredictions({ registry: reg, checkIn, history, timeZone: "UTC", early: true });
    expect(runtime.created()).toBe(0);
    const regressions = manifest.models.filter((m) => m.task === "regression").map((m) => m.prediction_type);
    expect(regressions.length).toBeGreaterThan(0);

    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const stored: Prediction[] = [];
    runtime.open();
    const confirmation = await confirmEarlyPredictions(outcomes, async (replaced) => {
      stored.push(...replaced);
    });

    expect(confirmation.status).toBe("replaced");
    expect(stored.map((p) => p.prediction_type).sort()).toEqual([...regressions].sort());
    expect(confirmation.errors.map((e) => e.name)).toEqual(regressions.map(() => "EarlyPredictionMismatchError"));
    expect(errors).toHaveBeenCalledTimes(regressions.length);
    // What replaced them is onnxruntime's own number, under the same prediction id.
    for (const p of stored) {
      const outcome = outcomes.find((o) => o.ok && o.prediction.id === p.id);
      if (!outcome?.ok || !outcome.explainable) throw new Error("replaced prediction not found");
      const session = await reg.get(outcome.explainable.entry.name);
      const expected = summarizeOutput(outcome.explainable.entry, await session.run(outcome.explainable.features));
      expect(p.score).toBe(expected.score);
      expect(p.score).not.toBe(outcome.prediction.score);
      const shown = confirmation.outcomes.find((o) => o.ok && o.prediction.id === p.id);
      expect(shown?.ok && shown.prediction.score).toBe(expected.score);
    }
  });
});
