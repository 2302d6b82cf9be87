import type { EarlyEvalRequest, EarlyEvalResponse } from "./early-eval-protocol";
import type { ModelOutput } from "./model-output";
import { readTreeEnsemble, type TreeEnsembleModel } from "./onnx-tree-ensemble";
import { evaluateTreeEnsemble } from "./tree-ensemble-eval";

/**
 * The exact TypeScript evaluator of our ONNX tree ensembles (onnx-tree-ensemble.ts, tree-ensemble-eval.ts), by the
 * registry's cache key: what a Save uses while onnxruntime is still starting (early-model.ts).
 */
export interface EarlyEvaluator {
  /** Parses a model's verified bytes (once per key; a failure is forgotten). Rejects when the model is not supported. */
  load(key: string, bytes: Uint8Array): Promise<void>;
  run(key: string, features: Float32Array): Promise<ModelOutput>;
}

/** Thrown by the worker evaluator when the worker failed or crashed. */
export class EarlyEvaluatorError extends Error {
  override name = "EarlyEvaluatorError";
}

/** In this thread: Node (unit tests) and browsers without module workers. */
export class InThreadEvaluator implements EarlyEvaluator {
  private readonly models = new Map<string, TreeEnsembleModel>();

  /** Counts parses (tests: a model is parsed once however many callers load it). */
  parses = 0;

  async load(key: string, bytes: Uint8Array): Promise<void> {
    if (this.models.has(key)) return;
    this.parses += 1;
    this.models.set(key, readTreeEnsemble(bytes));
  }

  async run(key: string, features: Float32Array): Promise<ModelOutput> {
    const model = this.models.get(key);
    if (!model) throw new EarlyEvaluatorError(`no model loaded for ${key}`);
    return evaluateTreeEnsemble(model, features);
  }
}

/** In a worker (early-eval.worker.ts), so that parsing megabytes never blocks the page. */
export class WorkerEvaluator implements EarlyEvaluator {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (r: EarlyEvalResponse) => void; reject: (e: Error) => void }>();
  private readonly loads = new Map<string, Promise<void>>();

  load(key: string, bytes: Uint8Array): Promise<void> {
    let flight = this.loads.get(key);
    if (!flight) {
      // A copy is transferred: the caller's bytes may be cached, or on their way to onnxruntime.
      flight = this.post({ id: ++this.nextId, kind: "load", key, bytes: bytes.slice() }).then(() => undefined);
      this.loads.set(key, flight);
      flight.catch(() => this.loads.delete(key));
    }
    return flight;
  }

  async run(key: string, features: Float32Array): Promise<ModelOutput> {
    const response = await this.post({ id: ++this.nextId, kind: "run", key, features });
    if (!response.ok || !response.output) throw new EarlyEvaluatorError(`the early evaluator returned no output for ${key}`);
    return response.output;
  }

  private post(request: EarlyEvalRequest): Promise<Extract<EarlyEvalResponse, { ok: true }>> {
    const worker = this.getWorker();
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, {
        resolve: (response) => (response.ok ? resolve(response) : reject(new EarlyEvaluatorError(response.message))),
        reject,
      });
      worker.postMessage(request, request.kind === "load" ? [request.bytes.buffer] : []);
    });
  }

  private getWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("./early-eval.worker.ts", import.meta.url), { type: "module", name: "early-eval" });
    worker.onmessage = (event: MessageEvent<EarlyEvalResponse>) => {
      const waiter = this.pending.get(event.data.id);
      this.pending.delete(event.data.id);
      waiter?.resolve(event.data);
    };
    worker.onerror = (event) => {
      // Failed to start or crashed: what waits fails (the save then waits for onnxruntime); start afresh next time.
      event.preventDefault();
      for (const waiter of this.pending.values()) waiter.reject(new EarlyEvaluatorError(`The early evaluator stopped: ${event.message || "unknown error"}`));
      this.pending.clear();
      this.loads.clear();
      worker.terminate();
      this.worker = null;
    };
    this.worker = worker;
    return worker;
  }
}

/** The worker in browsers, this thread elsewhere. */
export function defaultEarlyEvaluator(): EarlyEvaluator {
  return typeof Worker === "undefined" ? new InThreadEvaluator() : new WorkerEvaluator();
}
