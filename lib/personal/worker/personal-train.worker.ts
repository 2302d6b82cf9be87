/// <reference lib="webworker" />
import { buildPersonalModel } from "@/lib/personal/build-personal-model";
import type { TrainRequest, TrainResponse } from "./train-protocol";

/**
 * Personal training off the main thread: a second or so of boosting would otherwise freeze the page. Started on demand
 * (lib/personal/worker/train-in-worker.ts) like the "Why?" worker, so the trainer is in no page's first-load JS.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<TrainRequest>) => {
  const { id, entry, treeFile, checkIns, timeZone } = event.data;
  let response: TrainResponse;
  const transfer: ArrayBuffer[] = [];
  try {
    const started = performance.now();
    const build = buildPersonalModel({ entry, treeFile, checkIns, timeZone });
    response = { id, ok: true, build, ms: performance.now() - started };
    if (build.model) transfer.push(build.model.onnx.buffer as ArrayBuffer, build.model.treeFile.buffer as ArrayBuffer);
  } catch (error) {
    response = { id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(response, transfer);
};
