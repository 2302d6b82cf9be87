/// <reference lib="webworker" />
import type { EarlyEvalRequest, EarlyEvalResponse } from "./early-eval-protocol";
import { readTreeEnsemble, type TreeEnsembleModel, UnsupportedTreeModelError } from "./onnx-tree-ensemble";
import { evaluateTreeEnsemble } from "./tree-ensemble-eval";

/**
 * The early evaluator off the main thread: parsing a 2.4 MB model is tens of milliseconds of a phone's main thread
 * (a long task, and five of them at once), evaluating one row well under one. Parsed models stay here, by key.
 */
const models = new Map<string, TreeEnsembleModel>();
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<EarlyEvalRequest>) => {
  const request = event.data;
  let response: EarlyEvalResponse;
  try {
    if (request.kind === "load") {
      const started = performance.now();
      if (!models.has(request.key)) models.set(request.key, readTreeEnsemble(request.bytes));
      response = { id: request.id, ok: true, ms: performance.now() - started };
    } else {
      const model = models.get(request.key);
      if (!model) throw new Error(`no model loaded for ${request.key}`);
      response = { id: request.id, ok: true, output: evaluateTreeEnsemble(model, request.features) };
    }
  } catch (error) {
    response = { id: request.id, ok: false, unsupported: error instanceof UnsupportedTreeModelError, message: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(response);
};
