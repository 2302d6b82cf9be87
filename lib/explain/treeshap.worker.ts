/// <reference lib="webworker" />
import { decodeTreeFile, type ShapForest } from "./tree-file";
import { explain } from "./treeshap";
import type { WorkerRequest, WorkerResponse } from "./worker-protocol";

/**
 * TreeSHAP off the main thread: a thousand trees times every root-to-leaf path is milliseconds of arithmetic, which
 * would otherwise land on the frame that opens "Why?". Decoded forests stay here, by tree-file key.
 */
const forests = new Map<string, ShapForest>();
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const { id, key, bytes, rows } = event.data;
  let response: WorkerResponse;
  try {
    if (bytes) forests.set(key, decodeTreeFile(bytes));
    const forest = forests.get(key);
    if (!forest) {
      response = { id, ok: false, missingForest: true, message: `no tree file loaded for ${key}` };
    } else {
      const started = performance.now();
      const explanations = rows.map((row) => explain(forest, row));
      response = { id, ok: true, explanations, ms: performance.now() - started };
    }
  } catch (error) {
    response = { id, ok: false, missingForest: false, message: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(response);
};
