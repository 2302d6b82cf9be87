/**
 * A fetch that holds chosen requests until the test lets them go: the exact point of a race (a pull's page in flight
 * while the person signs out, an upload on a slow link while they delete their data). A held request has not reached
 * the server yet; `release()` sends it. Like a real fetch, it rejects with an AbortError when its signal aborts while
 * held, so code that cancels what is in flight is seen doing so.
 */
export type RequestInfo = { method: string; url: URL };
export type HeldRequest = RequestInfo & { release(): void; readonly aborted: boolean };

type Hold = { match: (request: RequestInfo) => boolean; arrived: (held: HeldRequest) => void };

export class HeldFetch {
  private holds: Hold[] = [];
  /** Every request that went out through this fetch, in order (held ones when released). */
  readonly sent: RequestInfo[] = [];
  /** Called before a request goes out (after any hold), e.g. to change the server's state at that instant. */
  beforeSend: ((request: RequestInfo) => Promise<void> | void) | null = null;

  constructor(private readonly real: typeof globalThis.fetch = globalThis.fetch) {}

  /** Resolves when the next request that `match` accepts arrives; it waits until `release()` is called. */
  hold(match: (request: RequestInfo) => boolean): Promise<HeldRequest> {
    return new Promise((arrived) => this.holds.push({ match, arrived }));
  }

  readonly fetch: typeof globalThis.fetch = async (input, init) => {
    const request: RequestInfo = {
      method: (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase(),
      url: new URL(input instanceof Request ? input.url : String(input)),
    };
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const index = this.holds.findIndex((h) => h.match(request));
    if (index >= 0) {
      const [hold] = this.holds.splice(index, 1);
      await new Promise<void>((resolve, reject) => {
        let aborted = false;
        const onAbort = () => {
          aborted = true;
          reject(signal?.reason ?? new DOMException("The operation was aborted.", "AbortError"));
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        hold!.arrived({
          ...request,
          release: () => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
          },
          get aborted() {
            return aborted;
          },
        });
      });
    }
    if (signal?.aborted) throw signal.reason ?? new DOMException("The operation was aborted.", "AbortError");
    await this.beforeSend?.(request);
    this.sent.push(request);
    return this.real(input, init);
  };
}

/** Matchers for the requests the sync makes. */
export const rest = (method: string, table: string) => (r: RequestInfo) => r.method === method && r.url.pathname === `/rest/v1/${table}`;
export const isRefresh = (r: RequestInfo) => r.url.pathname === "/auth/v1/token" && r.url.searchParams.get("grant_type") === "refresh_token";
