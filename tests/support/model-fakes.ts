import type { ModelEntry } from "@/lib/models/manifest-schema";
import type { ModelSession, SessionFactory } from "@/lib/models/ort-session";

/** Test helpers for the registry's unit tests (not imported by app code). */

export type FakeServerOptions = {
  /** Honour `Range` requests (default true). */
  ranges?: boolean;
  /** Per-request override: return a Response to answer instead of the file, or undefined to serve normally. */
  intercept?: (url: string, init: RequestInit | undefined) => Response | undefined;
  /** Break the body off after this fraction of the file (once per entry in the set, then serve normally). */
  dropAt?: Map<string, number>;
  /** Send this fraction of the file, then hold the connection open until the request is aborted (once per entry). */
  stallAt?: Map<string, number>;
};

export type FakeServer = {
  fetch: typeof fetch;
  /** Every request: its Range header, its `cache` mode and the status the server answered. */
  requests: { url: string; range: string | null; cache: RequestCache | undefined; status?: number }[];
  setManifest(text: string): void;
  setFile(name: string, bytes: Uint8Array): void;
};

export function fakeServer(files: Map<string, Uint8Array>, manifestText: string, options: FakeServerOptions = {}): FakeServer {
  let manifest = manifestText;
  const requests: FakeServer["requests"] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    const headers = new Headers(init?.headers);
    const range = headers.get("Range");
    const record: FakeServer["requests"][number] = { url, range, cache: init?.cache };
    requests.push(record);
    if (init?.signal?.aborted) throw new DOMException("aborted", "AbortError");
    const intercepted = options.intercept?.(url, init);
    if (intercepted) {
      record.status = intercepted.status;
      return intercepted;
    }
    const name = url.slice(url.lastIndexOf("/") + 1);
    if (name === "manifest.json") {
      record.status = 200;
      return new Response(manifest, { headers: { "Content-Type": "application/json" } });
    }
    const bytes = files.get(name);
    if (!bytes) {
      record.status = 404;
      return new Response("<html>not found</html>", { status: 404, headers: { "Content-Type": "text/html" } });
    }
    let start = 0;
    let status = 200;
    const extra: Record<string, string> = {};
    const match = range && options.ranges !== false ? /^bytes=(\d+)-$/.exec(range) : null;
    if (match) {
      start = Number(match[1]);
      status = 206;
      extra["Content-Range"] = `bytes ${start}-${bytes.length - 1}/${bytes.length}`;
    }
    record.status = status;
    const body = bytes.slice(start);
    const stall = options.stallAt?.get(name);
    if (stall !== undefined) {
      options.stallAt?.delete(name);
      const signal = init?.signal;
      let sent = false;
      // Like a real fetch: the body errors with an AbortError when the request's signal aborts, not before.
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (!sent) {
            sent = true;
            controller.enqueue(body.slice(0, Math.floor(bytes.length * stall) - start));
            return;
          }
          return new Promise<void>((resolve) => {
            const fail = () => {
              controller.error(new DOMException("aborted", "AbortError"));
              resolve();
            };
            if (signal?.aborted) fail();
            else signal?.addEventListener("abort", fail, { once: true });
          });
        },
      });
      return new Response(stream, { status, headers: { "Content-Type": "application/octet-stream", ...extra } });
    }
    const drop = options.dropAt?.get(name);
    if (drop !== undefined) {
      options.dropAt?.delete(name);
      const cut = Math.floor(bytes.length * drop) - start;
      let sent = false;
      // Pull-based: an error raised in start() would discard the chunk queued before it.
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) return controller.error(new TypeError("network error"));
          sent = true;
          controller.enqueue(body.slice(0, Math.max(0, cut)));
        },
      });
      return new Response(stream, { status, headers: { "Content-Type": "application/octet-stream", ...extra } });
    }
    return new Response(body, { status, headers: { "Content-Type": "application/octet-stream", ...extra } });
  };
  return {
    fetch: fetchImpl as typeof fetch,
    requests,
    setManifest: (text) => {
      manifest = text;
    },
    setFile: (name, bytes) => {
      files.set(name, bytes);
    },
  };
}

export type FakeSessions = { factory: SessionFactory; created: string[]; released: string[]; runs: number };

/** A session factory that records creations and releases and answers with the model's byte length. */
export function fakeSessions(): FakeSessions {
  const state: FakeSessions = {
    created: [],
    released: [],
    runs: 0,
    factory: async (bytes: Uint8Array, entry: ModelEntry): Promise<ModelSession> => {
      state.created.push(`${entry.name}@${entry.version}`);
      return {
        run: async () => {
          state.runs += 1;
          return { label: null, probabilities: null, value: bytes.length };
        },
        release: async () => {
          state.released.push(`${entry.name}@${entry.version}`);
        },
      };
    },
  };
  return state;
}
