import { Worker } from "node:worker_threads";
import type { WorkerReply, WorkerRequest } from "./sim-worker";

/** Starts a simulation worker thread (tsx's loader is registered inside it: workers do not inherit it). */
export function startSimWorker(): Worker {
  const entry = new URL("./sim-worker.ts", import.meta.url).href;
  return new Worker(`import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { eval: true });
}

export class WorkerTimeoutError extends Error {
  override name = "WorkerTimeoutError";
  constructor(readonly seed: number | null) {
    super(`seed ${seed} never yielded to the scheduler (a loop of microtasks): its worker was stopped`);
  }
}

/**
 * One request to a worker, answered in turn (a worker serves one request at a time). A worker silent for
 * `timeoutMs` is stuck in a loop no drain can interrupt: it is terminated, and the seed it last started is named.
 */
export function askSimWorker(worker: Worker, request: WorkerRequest, timeoutMs = 0): Promise<Extract<WorkerReply, { kind: "ran" | "shrunk" }>> {
  return new Promise((resolve, reject) => {
    let lastSeed: number | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      if (timeoutMs <= 0) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        cleanup();
        void worker.terminate();
        reject(new WorkerTimeoutError(lastSeed));
      }, timeoutMs);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onMessage = (reply: WorkerReply) => {
      if (reply.kind === "started") {
        lastSeed = reply.seed;
        arm();
        return;
      }
      cleanup();
      resolve(reply);
    };
    const cleanup = () => {
      clearTimeout(timer);
      worker.off("error", onError);
      worker.off("message", onMessage);
    };
    worker.on("error", onError);
    worker.on("message", onMessage);
    arm();
    worker.postMessage(request);
  });
}
