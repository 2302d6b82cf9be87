import type { ModelEntry } from "@/lib/models/manifest-schema";
import { sha256Hex } from "@/lib/models/hash";
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
export type ExplainOptions = {
  signal?: AbortSignal;
  baseUrl?: string;
  /**
   * The tree file's bytes when they live on this device rather than on the server (a personal model, lib/personal/):
   * checked against `entry.explain` like a downloaded one, never fetched.
   */
  treeFile?: () => Promise<Uint8Array>;
};

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

/**
 * Deletes the tree files kept on this device ("Clear all" on the Models page: 2.6 MB that are this app's too). The
 * worker's copies of the current ones stay for this page; the next page loads them again.
 */
export async function clearTreeFiles(): Promise<void> {
  await treeCache().clear();
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
  if (!flight && options.treeFile) {
    flight = localTreeFile(entry, id, options.treeFile);
    flights.set(id, flight);
    flight.catch(() => flights.delete(id));
  }
  if (!flight) {
    flight = loadTreeFile(entry, { cache: treeCache(), fetch: (...a) => fetch(...a), baseUrl: options.baseUrl ?? "/models/", signal: options.signal });
    flights.set(id, flight);
    flight.catch(() => flights.delete(id));
  }
  return flight;
}

async function localTreeFile(entry: ModelEntry, key: string, read: () => Promise<Uint8Array>): Promise<LoadedTreeFile> {
  const file = entry.explain;
  if (!file) throw new ExplainUnavailableError(entry.name, "this model has no explanation file.");
  const bytes = await read();
  if (bytes.length !== file.bytes || (await sha256Hex(bytes)) !== file.sha256) {
    throw new ExplainUnavailableError(entry.name, "its explanation file on this device does not match its hash; it is rebuilt after your next check-in.");
  }
  return { key, bytes, source: "cache", transferredBytes: 0 };
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
