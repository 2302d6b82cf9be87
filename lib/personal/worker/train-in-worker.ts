import type { BuildPersonalModelInput, PersonalBuild } from "@/lib/personal/types";
import type { TrainRequest, TrainResponse } from "./train-protocol";

/** The training worker failed (an exception in the trainer, or the worker itself could not start or crashed). */
export class PersonalTrainingError extends Error {
  override name = "PersonalTrainingError";
  constructor(detail: string) {
    super(`Your personal model could not be trained: ${detail}. The general model is used meanwhile; it is tried again after your next check-in.`);
  }
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, { resolve: (r: TrainResponse) => void; reject: (e: Error) => void }>();

function getWorker(): Worker {
  if (worker) return worker;
  // A module worker: Turbopack bundles it as its own chunk and starts it through its bootstrap script, which the
  // service worker serves with its #params fragment intact (app/sw.ts), as for the "Why?" worker.
  const w = new Worker(new URL("./personal-train.worker.ts", import.meta.url), { type: "module", name: "personal-train" });
  w.onmessage = (event: MessageEvent<TrainResponse>) => {
    const waiter = pending.get(event.data.id);
    pending.delete(event.data.id);
    waiter?.resolve(event.data);
  };
  w.onerror = (event) => {
    event.preventDefault();
    for (const waiter of pending.values()) waiter.reject(new PersonalTrainingError(`the training worker stopped (${event.message || "unknown error"})`));
    pending.clear();
    worker?.terminate();
    worker = null;
  };
  worker = w;
  return w;
}

/** Runs `buildPersonalModel` in the page's training worker. `input.treeFile` is transferred (the caller's copy empties). */
export async function trainInWorker(input: BuildPersonalModelInput): Promise<{ build: PersonalBuild; ms: number }> {
  const w = getWorker();
  const request: TrainRequest = { id: nextId++, entry: input.entry, treeFile: input.treeFile, checkIns: [...input.checkIns], timeZone: input.timeZone };
  const response = await new Promise<TrainResponse>((resolve, reject) => {
    pending.set(request.id, { resolve, reject });
    w.postMessage(request, [input.treeFile.buffer as ArrayBuffer]);
  });
  if (!response.ok) throw new PersonalTrainingError(response.message);
  return { build: response.build, ms: response.ms };
}
