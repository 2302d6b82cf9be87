import type { ModelEntry } from "@/lib/models/manifest-schema";
import { ExplainUnavailableError } from "./errors";
import { loadTreeFile, type LoadedTreeFile } from "./load-tree-file";
import { IdbTreeFileCache, MemoryTreeFileCache, type TreeFileCache } from "./tree-file-cache";
import type { Explanation } from "./treeshap";
import type { WorkerRequest, WorkerResponse } from "./worker-protocol";

/**
 * The one entry point of "Why?": loads the model's tree file on demand (never at startup or on Save), then runs
 * TreeSHAP in a module worker. Tree files load one flight per key; a failed flight is forgotten so a retry (back
 * online) can succeed.
 */
export type ExplainOptions = { signal?: AbortSignal; baseUrl?: string };

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, { resolve: (r: WorkerResponse) => void; reject: (e: Error) => void }>();
/** Tree-file keys whose bytes the current worker holds. */
const sent = new Set<string>();
const flights = new Map<string, Promise<LoadedTreeFile>>();
let cache: TreeFileCache | null = null;

function treeCache(): TreeFileCache {
  cache ??= typeof indexedDB === "undefined" ? new MemoryTreeFileCache() : new IdbTreeFileCache();
  return cache;
}

function getWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL("./treeshap.worker.ts", import.meta.url), { type: "module", name: "treeshap" });
  w.onmessage = (event: MessageEvent<WorkerResponse>) => {
    const waiter = pending.get(event.data.id);
    pending.delete(event.data.id);
    waiter?.resolve(event.data);
  };
  w.onerror = (event) => {
    // A worker that failed to start or crashed: fail what waits, start afresh next time.
    event.preventDefault();
    for (const waiter of pending.values()) waiter.reject(new Error(`The explanation worker stopped: ${event.message || "unknown error"}`));
    pending.clear();
    sent.clear();
    worker?.terminate();
    worker = null;
  };
  worker = w;
  return w;
}

function post(request: WorkerRequest): Promise<WorkerResponse> {
  const w = getWorker();
  return new Promise((resolve, reject) => {
    pending.set(request.id, { resolve, reject });
    w.postMessage(request, request.bytes ? [request.bytes.buffer] : []);
  });
}

function loadOnce(entry: ModelEntry, options: ExplainOptions): Promise<LoadedTreeFile> {
  const id = `${entry.name}@${entry.version}#${entry.explain?.sha256 ?? ""}`;
  let flight = flights.get(id);
  if (!flight) {
    flight = loadTreeFile(entry, { cache: treeCache(), fetch: (...a) => fetch(...a), baseUrl: options.baseUrl ?? "/models/", signal: options.signal });
    flights.set(id, flight);
    flight.catch(() => flights.delete(id));
  }
  return flight;
}

/** The tree file bytes for `entry`, loaded (and verified) if needed; resolves to where they came from. */
export async function prepareExplanation(entry: ModelEntry, options: ExplainOptions = {}): Promise<LoadedTreeFile> {
  return loadOnce(entry, options);
}

/** Explains feature rows (the exact vectors the model ran on) with the model's tree file, in the worker. */
export async function explainRows(entry: ModelEntry, rows: Float32Array[], options: ExplainOptions = {}): Promise<{ explanations: Explanation[]; workerMs: number }> {
  const loaded = await loadOnce(entry, options);
  for (let attempt = 0; attempt < 2; attempt++) {
    const first = !sent.has(loaded.key);
    // A copy goes over (transferred), so the single-flight result stays intact for a restarted worker.
    const response = await post({ id: nextId++, key: loaded.key, bytes: first ? loaded.bytes.slice() : undefined, rows: rows.map((r) => Float32Array.from(r)) });
    if (response.ok) {
      sent.add(loaded.key);
      return { explanations: response.explanations, workerMs: response.ms };
    }
    if (!response.missingForest) throw new ExplainUnavailableError(entry.name, response.message);
    sent.delete(loaded.key);
  }
  throw new ExplainUnavailableError(entry.name, "the explanation worker lost its tree file twice.");
}

export async function explainPrediction(entry: ModelEntry, features: Float32Array, options: ExplainOptions = {}): Promise<Explanation> {
  const { explanations } = await explainRows(entry, [features], options);
  return explanations[0] as Explanation;
}
