import type * as OrtModule from "onnxruntime-web/wasm";
import { ModelSessionError } from "./errors";
import { ORT_RUNTIME_PIN } from "./ort-runtime-pin";
import { isRuntimeStored, loadRuntimeWasm } from "./runtime-cache";
import { warmUpModel } from "./warm-up-model";
import type { ModelEntry } from "./manifest-schema";
import { type ModelOutput, toModelOutput } from "./model-output";

/** One inference session; runs and release are serialized (onnxruntime sessions are not re-entrant). */
export interface ModelSession {
  run(features: Float32Array): Promise<ModelOutput>;
  release(): Promise<void>;
}

export type SessionFactory = ((bytes: Uint8Array, entry: ModelEntry) => Promise<ModelSession>) & {
  /**
   * Optional: start the runtime. Resolves once its code and bytes are in hand (the registry reads or downloads model
   * bytes after that: the runtime is the longer path, and its start does not wait for a model); the rest of its start
   * goes on in the background.
   */
  prepare?: () => Promise<unknown>;
  /** Optional: whether the runtime can start from this device's storage, without the network. Absent: it can. */
  isStored?: () => Promise<boolean>;
};

/**
 * Where public/ort/ is served (copied from node_modules/onnxruntime-web/dist by scripts/copy-ort-wasm.mjs): the wasm
 * only. No `.mjs` path, on purpose: onnxruntime then runs the JavaScript glue embedded in `onnxruntime-web/wasm`
 * (ort.wasm.bundle.min.mjs), part of the app's own content-hashed chunk, instead of importing /ort/*.mjs by URL —
 * the one runtime file no hash checked (issue 20). See docs/performance.md ("Model registry").
 */
export const ORT_WASM_PATHS = {
  wasm: "/ort/ort-wasm-simd-threaded.wasm",
} as const;

type Ort = typeof OrtModule;

let ortPromise: Promise<Ort> | null = null;

/**
 * Loads onnxruntime's wasm-only build on first use; nothing of it is fetched before a model is needed. The full
 * `onnxruntime-web` entry would pull the 28 MB WebGPU build.
 */
export function loadOrt(): Promise<Ort> {
  ortPromise ??= import("onnxruntime-web/wasm")
    .then(async (ort) => {
      if (ort.env.versions.web !== ORT_RUNTIME_PIN.version) {
        // The bundled glue and the pinned wasm must be the same release; a mismatch means copy-ort-wasm did not run.
        throw new ModelSessionError("(runtime)", `onnxruntime-web ${ort.env.versions.web ?? "?"} is bundled but ${ORT_RUNTIME_PIN.version} is pinned; run the build again`);
      }
      // Always our verified copy of the wasm (IndexedDB, or the network checked against the pin), never a fetch of
      // onnxruntime's own. And no .mjs in wasmPaths: a URL there would make onnxruntime (and its proxy worker) import
      // that file, unchecked, instead of the glue embedded in this very chunk.
      ort.env.wasm.wasmBinary = await loadRuntimeWasm(ORT_RUNTIME_PIN);
      ort.env.wasm.wasmPaths = { ...ORT_WASM_PATHS };
      // Threads need crossOriginIsolated (COOP/COEP on every page), which would break third-party embeds and
      // Supabase auth redirects; the tree models take well under a millisecond on one thread.
      ort.env.wasm.numThreads = 1;
      // Inference in onnxruntime's own worker: the UI thread never blocks on a run.
      ort.env.wasm.proxy = true;
      ort.env.logLevel = "error";
      return ort;
    })
    .catch((error: unknown) => {
      ortPromise = null; // a failed import (offline, say) is retried on the next load
      throw error;
    });
  return ortPromise;
}

/** A promise chain: each task starts after the previous one settled. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  push<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

// onnxruntime's wasm backend initializes once; concurrent first creates race ("multiple calls to initWasm()").
const creationQueue = new SerialQueue();

export const createOrtSession: SessionFactory = (bytes: Uint8Array, entry: ModelEntry) =>
  creationQueue.push(async () => {
    const ort = await loadOrt();
    let session: Awaited<ReturnType<typeof ort.InferenceSession.create>>;
    try {
      // With the proxy, onnxruntime transfers (detaches) the buffer it is given: hand it a copy, ours may be cached.
      session = await ort.InferenceSession.create(bytes.slice(), { executionProviders: ["wasm"], logSeverityLevel: 3 });
    } catch (error) {
      throw new ModelSessionError(entry.name, error instanceof Error ? error.message : String(error), { cause: error });
    }
    const queue = new SerialQueue();
    const width = entry.input.shape[1] ?? entry.features.length;
    const inputName = entry.input.name;
    return {
      run: (features) =>
        queue.push(async () => {
          if (features.length !== width) {
            throw new ModelSessionError(entry.name, `expected ${width} features, got ${features.length}`);
          }
          // A fresh tensor per call: the proxy detaches input buffers, so a reused array would be empty next time.
          const input = new ort.Tensor("float32", Float32Array.from(features), [1, width]);
          const results = await session.run({ [inputName]: input });
          return toModelOutput(entry, results);
        }),
      release: () => queue.push(() => session.release()),
    };
  });

let runtimeStart: Promise<void> | null = null;

/**
 * The runtime, started: its JavaScript and verified wasm loaded, the wasm instantiated in onnxruntime's worker, the
 * execution provider up and the tree operator run once, on a 758-byte model (warm-up-model.ts). onnxruntime does the
 * middle part only on the first session it creates, which would otherwise wait for the first real model's bytes to be
 * read and hashed; started here, it runs while they are. Once per page; a failure is retried on the next call.
 */
export function startRuntime(): Promise<void> {
  runtimeStart ??= creationQueue
    .push(async () => {
      const ort = await loadOrt();
      const session = await ort.InferenceSession.create(warmUpModel(), { executionProviders: ["wasm"], logSeverityLevel: 3 });
      try {
        await session.run({ input: new ort.Tensor("float32", Float32Array.of(1), [1, 1]) });
      } finally {
        await session.release();
      }
    })
    .catch((error: unknown) => {
      runtimeStart = null;
      throw error;
    });
  return runtimeStart;
}

createOrtSession.prepare = () => {
  void startRuntime().catch(() => undefined); // a real session creation reports the error
  return loadOrt();
};

createOrtSession.isStored = () => isRuntimeStored(ORT_RUNTIME_PIN);
