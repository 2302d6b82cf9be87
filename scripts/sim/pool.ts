import { Worker } from "node:worker_threads";
import type { WorkerReply, WorkerRequest } from "./sim-worker";

/** Starts a simulation worker thread (tsx's loader is registered inside it: workers do not inherit it). */
export function startSimWorker(): Worker {
  const entry = new URL("./sim-worker.ts", import.meta.url).href;
  return new Worker(`import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { eval: true });
}

/** One request to a worker, answered in turn (a worker serves one request at a time). */
export function askSimWorker(worker: Worker, request: WorkerRequest): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    worker.once("error", onError);
    worker.once("message", (reply: WorkerReply) => {
      worker.off("error", onError);
      resolve(reply);
    });
    worker.postMessage(request);
  });
}
