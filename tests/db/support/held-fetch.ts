/**
 * A fetch that holds chosen requests until the test lets them go: the exact point of a race (a pull's page in flight
 * while the person signs out, an upload on a slow link while they delete their data). A held request has not reached
 * the server yet; `release()` sends it. Like a real fetch, it rejects with an AbortError when its signal aborts while
 * held; with `deliverIfAborted` it still reaches the server on release, as bytes already on a slow link would, and its
 * answer is dropped.
 */
export type RequestInfo = { method: string; url: URL; token: string | null };
export type HeldRequest = RequestInfo & {
  release(): void;
  readonly aborted: boolean;
  /** Settles once the server answered the released request (or at once when it was dropped). */
  readonly delivered: Promise<void>;
};

type Hold = { match: (request: RequestInfo) => boolean; arrived: (held: HeldRequest) => void; deliverIfAborted: boolean };

function bearerOf(init: RequestInit | undefined): string | null {
  const headers = new Headers(init?.headers);
  return headers.get("authorization")?.replace(/^Bearer /i, "") ?? null;
}

export class HeldFetch {
  private holds: Hold[] = [];
  /** Every request that went out through this fetch, in order (held ones when released). */
  readonly sent: RequestInfo[] = [];
  /** Called before a request goes out (after any hold), e.g. to change the server's state at that instant. */
  beforeSend: ((request: RequestInfo) => Promise<void> | void) | null = null;

  constructor(private readonly real: typeof globalThis.fetch = globalThis.fetch) {}

  /** Resolves when the next request that `match` accepts arrives; it waits until `release()` is called. */
  hold(match: (request: RequestInfo) => boolean, options: { deliverIfAborted?: boolean } = {}): Promise<HeldRequest> {
    return new Promise((arrived) => this.holds.push({ match, arrived, deliverIfAborted: options.deliverIfAborted ?? false }));
  }

  readonly fetch: typeof globalThis.fetch = async (input, init) => {
    const request: RequestInfo = {
      method: (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase(),
      url: new URL(input instanceof Request ? input.url : String(input)),
      token: bearerOf(init),
    };
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const index = this.holds.findIndex((h) => h.match(request));
    if (index < 0) return this.send(request, input, init);
    const [hold] = this.holds.splice(index, 1);
    let aborted = false;
    let released!: () => void;
    const release = new Promise<void>((resolve) => (released = resolve));
    let delivered!: (done: Promise<unknown>) => void;
    const deliveredPromise = new Promise<unknown>((resolve) => (delivered = resolve)).then(() => undefined);
    hold!.arrived({
      ...request,
      release: released,
      get aborted() {
        return aborted;
      },
      delivered: deliveredPromise,
    });
    const abortedPromise = new Promise<never>((_, reject) => {
      const onAbort = () => {
        aborted = true;
        reject(signal?.reason ?? new DOMException("The operation was aborted.", "AbortError"));
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener("abort", onAbort, { once: true });
    });
    abortedPromise.catch(() => undefined);
    // When the caller gives up, the bytes may still be on their way: sent on release, the answer dropped.
    void release.then(() => {
      if (!aborted) return;
      const { signal: _dropped, ...rest } = init ?? {};
      delivered(hold!.deliverIfAborted ? this.send(request, input, rest).catch(() => undefined) : Promise.resolve());
    });
    await Promise.race([release, abortedPromise]);
    const answer = this.send(request, input, init);
    delivered(answer.catch(() => undefined));
    return answer;
  };

  private async send(request: RequestInfo, input: Parameters<typeof fetch>[0], init: RequestInit | undefined): Promise<Response> {
    await this.beforeSend?.(request);
    this.sent.push(request);
    return this.real(input, init);
  }
}

/** Matchers for the requests the sync makes. */
export const rest = (method: string, path: string) => (r: RequestInfo) => r.method === method && r.url.pathname === `/rest/v1/${path}`;
export const isRefresh = (r: RequestInfo) => r.url.pathname === "/auth/v1/token" && r.url.searchParams.get("grant_type") === "refresh_token";
