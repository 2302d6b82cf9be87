import { abortError } from "./errors";

type Flight<T> = { promise: Promise<T>; controller: AbortController; waiters: number };

/**
 * Shares one in-flight promise per key (double-checked locking of the original, for promises). Settled flights are
 * forgotten — rejections so that the next call retries (transformers.js memoize_promise: "Rejected promises are
 * evicted from the cache"), resolutions because the caller keeps its own cache of results.
 *
 * Cancellation is per caller: a caller whose signal aborts stops waiting at once, but the shared work is only aborted
 * when every caller waiting on it has given up, so one impatient caller never cancels another's load.
 */
export class SingleFlight<T> {
  private readonly flights = new Map<string, Flight<T>>();

  run(key: string, start: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortError(signal.reason));
    let flight = this.flights.get(key);
    // A flight whose work was aborted (every caller gave up) is settling with an AbortError: a new caller, who never
    // cancelled anything, must not inherit it. It starts a fresh flight; the old one's cleanup leaves the new one alone.
    if (flight?.controller.signal.aborted) flight = undefined;
    if (!flight) {
      const controller = new AbortController();
      const created: Flight<T> = { promise: Promise.resolve() as Promise<T>, controller, waiters: 0 };
      created.promise = start(controller.signal).finally(() => {
        if (this.flights.get(key) === created) this.flights.delete(key);
      });
      // The shared promise may reject after every caller left; that rejection is handled by nobody else.
      created.promise.catch(() => undefined);
      this.flights.set(key, created);
      flight = created;
    }
    const current = flight;
    current.waiters += 1;
    if (!signal) return current.promise;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        reject(abortError(signal.reason));
        current.waiters -= 1;
        if (current.waiters === 0) current.controller.abort(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      current.promise.then(
        (value) => {
          signal.removeEventListener("abort", onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener("abort", onAbort);
          reject(error);
        },
      );
    });
  }

  has(key: string): boolean {
    return this.flights.has(key);
  }
}
