import type { StackResponse } from "@/tests/stack/http";
import { decodeJwt } from "@/tests/stack/jwt";

/**
 * The network between the devices and the server models. Every request is held pending until the scheduler picks it;
 * then its fate decides what happens: answered, refused with a status, dropped before the server saw it, lost after
 * the server applied it, or hung until the caller aborts (or a browser-like 2-minute timeout).
 */
export type Fate = "ok" | "drop" | "lost" | "hang" | "503" | "429" | "401" | "403" | "409";

export type PendingRequest = {
  id: number;
  device: number;
  owner: string;
  method: string;
  url: URL;
  headers: Record<string, string>;
  /** The body as sent, and parsed ({} when there was none). */
  bodyText: string | null;
  body: unknown;
  settled: boolean;
  hung: boolean;
  hangTimer: number | null;
  resolve: (response: Response) => void;
  reject: (error: unknown) => void;
};

export type Server = {
  auth(method: string, path: string, query: URLSearchParams, headers: Record<string, string>, body: Record<string, unknown>): Promise<StackResponse>;
  /** The REST model; its body is the response text, as PostgREST formats it. */
  rest(request: PendingRequest): StackResponse;
};

export type NetworkHooks = {
  /** The scheduler is told of each new request (it becomes a choice). */
  onSend(request: PendingRequest): void;
  /** Before the server model runs: code running now is the server's (no device clock skew). */
  enterServer(): void;
  leaveServer(device: number): void;
  /** A request the server saw (fate ok or lost): for the recorder and the counters. */
  onApplied(request: PendingRequest, response: StackResponse, fate: Fate): void;
  /** A response the network made up (a fault), for the counters: an injected 401 earns a refresh too. */
  onInjected?(request: PendingRequest, status: number): void;
  /** Schedules the browser's timeout of a hung request. */
  hangTimer(request: PendingRequest, fire: () => void): number;
  clearTimer(id: number): void;
};

export const SERVER_URL = "http://sim.invalid";
/** How long a browser waits on a request that never answers before failing it. */
export const HANG_MS = 120_000;

export class SimNetwork {
  private nextId = 1;
  readonly pending: PendingRequest[] = [];

  constructor(
    private readonly server: Server,
    private readonly hooks: NetworkHooks,
  ) {}

  fetchFor(device: number, owner: string, isDead: () => boolean): typeof fetch {
    return (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
      const headers = headerRecord(init?.headers ?? (input instanceof Request ? input.headers : undefined));
      const text = typeof init?.body === "string" ? init.body : null;
      // A dead tab's code may still run to its next await; what it sends goes nowhere.
      if (isDead()) return new Promise<Response>(() => undefined);
      return new Promise<Response>((resolve, reject) => {
        const request: PendingRequest = {
          id: this.nextId++, device, owner, method: (init?.method ?? "GET").toUpperCase(), url, headers,
          bodyText: text, body: text === null || text === "" ? {} : JSON.parse(text), settled: false, hung: false, hangTimer: null, resolve, reject,
        };
        const signal = init?.signal;
        if (signal?.aborted) return reject(signal.reason ?? new DOMException("The operation was aborted.", "AbortError"));
        signal?.addEventListener("abort", () => this.abort(request, signal.reason));
        this.pending.push(request);
        this.hooks.onSend(request);
      });
    }) as typeof fetch;
  }

  private take(request: PendingRequest): boolean {
    if (request.settled) return false;
    request.settled = true;
    const at = this.pending.indexOf(request);
    if (at >= 0) this.pending.splice(at, 1);
    if (request.hangTimer !== null) this.hooks.clearTimer(request.hangTimer);
    return true;
  }

  private abort(request: PendingRequest, reason: unknown): void {
    if (this.take(request)) request.reject(reason ?? new DOMException("The operation was aborted.", "AbortError"));
  }

  /** Requests the scheduler may deliver now (hung ones wait for their abort or timeout). */
  deliverable(): PendingRequest[] {
    return this.pending.filter((r) => !r.hung);
  }

  /** A tab died: its requests stay in flight to the server's eyes but their answers reach no one. */
  dropOwner(owner: string): void {
    for (const r of [...this.pending]) if (r.owner === owner) this.take(r);
  }

  async deliver(request: PendingRequest, fate: Fate): Promise<string> {
    // The digest puts what was sent (query, body, token) into the trace: a replay must match it byte for byte.
    const digest = fnv1a(`${request.url.search} ${request.bodyText ?? ""} ${request.headers.authorization ?? ""}`);
    const label = `${request.method} ${request.url.pathname}${request.url.pathname.endsWith("/token") ? `?${request.url.searchParams}` : ""} [${digest}]`;
    if (fate === "hang") {
      request.hung = true;
      request.hangTimer = this.hooks.hangTimer(request, () => {
        if (this.take(request)) request.reject(new TypeError("Failed to fetch"));
      });
      return `${label} hangs`;
    }
    if (fate === "drop") {
      if (this.take(request)) request.reject(new TypeError("Failed to fetch"));
      return `${label} dropped`;
    }
    if (fate !== "ok" && fate !== "lost") {
      if (this.take(request)) {
        const response = injected(request.url.pathname.startsWith("/auth/"), fate);
        this.hooks.onInjected?.(request, response.status);
        request.resolve(toResponse(response));
      }
      return `${label} → injected ${fate}`;
    }
    this.hooks.enterServer();
    let response: StackResponse;
    try {
      response = await this.serve(request);
    } finally {
      this.hooks.leaveServer(request.device);
    }
    this.hooks.onApplied(request, response, fate);
    if (!this.take(request)) return `${label} → ${response.status} to no one`;
    if (fate === "lost") request.reject(new TypeError("Failed to fetch"));
    else request.resolve(toResponse(response));
    return `${label} → ${response.status}${fate === "lost" ? " lost" : ""}`;
  }

  private serve(request: PendingRequest): Promise<StackResponse> | StackResponse {
    const path = request.url.pathname;
    if (path.startsWith("/auth/v1")) return this.server.auth(request.method, path.slice("/auth/v1".length), request.url.searchParams, request.headers, request.body as Record<string, unknown>);
    if (path.startsWith("/rest/v1")) return this.server.rest(request);
    return { status: 404, body: { message: `nothing at ${path}` } };
  }
}

/** A 32-bit FNV-1a digest in hex: cheap, and the same on every machine. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}

const actors = new WeakMap<PendingRequest, string | null>();

/** Who a request acts as (the `sub` of its bearer token), or null for the anon key / none. */
export function actorOf(request: PendingRequest): string | null {
  if (actors.has(request)) return actors.get(request)!;
  const actor = decodeActor(request);
  actors.set(request, actor);
  return actor;
}

function decodeActor(request: PendingRequest): string | null {
  const token = (request.headers.authorization ?? "").replace(/^Bearer /i, "");
  const claims = token === "" ? null : decodeJwt(token);
  return claims?.role === "authenticated" && typeof claims.sub === "string" ? claims.sub : null;
}

function injected(auth: boolean, fate: Fate): StackResponse {
  const apiVersion = { "x-supabase-api-version": "2024-01-01" };
  switch (fate) {
    case "503":
      return { status: 503, body: { message: "Service Unavailable" } };
    case "429":
      return auth
        ? { status: 429, headers: apiVersion, body: { code: "over_request_rate_limit", error_code: "over_request_rate_limit", msg: "Request rate limit reached" } }
        : { status: 429, body: { message: "Too Many Requests" } };
    case "401":
      return { status: 401, headers: { "www-authenticate": 'Bearer error="invalid_token", error_description="JWT expired"' }, body: { code: "PGRST301", details: null, hint: null, message: "JWT expired" } };
    case "403":
      return { status: 403, body: { code: "42501", details: null, hint: null, message: 'new row violates row-level security policy for table "check_ins"' } };
    default:
      return { status: 409, body: { code: "23505", details: null, hint: null, message: "duplicate key value violates unique constraint" } };
  }
}

/** Header names in lower case, from what fetch accepts (the app and auth-js pass plain objects). */
function headerRecord(init: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (init === undefined) return out;
  if (init instanceof Headers) init.forEach((v, k) => (out[k] = v));
  else for (const [k, v] of Array.isArray(init) ? init : Object.entries(init)) out[k.toLowerCase()] = v;
  return out;
}

/**
 * What fetch resolves with, reduced to what the app and auth-js read (status, ok, headers.get, text, json): a real
 * Response builds a web stream per body, which was a fifth of the simulation's time.
 */
class SimResponse {
  readonly ok: boolean;
  readonly statusText = "";
  readonly redirected = false;
  readonly type = "basic";
  readonly url = "";
  bodyUsed = false;
  readonly headers: { get(name: string): string | null; has(name: string): boolean; forEach(fn: (value: string, key: string) => void): void };

  constructor(
    readonly status: number,
    private readonly body: string | null,
    headers: Record<string, string>,
  ) {
    this.ok = status >= 200 && status < 300;
    const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    this.headers = { get: (name) => lower.get(name.toLowerCase()) ?? null, has: (name) => lower.has(name.toLowerCase()), forEach: (fn) => lower.forEach(fn) };
  }

  async text(): Promise<string> {
    if (this.bodyUsed) throw new TypeError("Body is unusable: Body has already been read");
    this.bodyUsed = true;
    return this.body ?? "";
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  clone(): SimResponse {
    const headers: Record<string, string> = {};
    this.headers.forEach((v, k) => (headers[k] = v));
    return new SimResponse(this.status, this.body, headers);
  }
}

function toResponse(result: StackResponse): Response {
  const noBody = result.body === undefined || result.status === 204;
  const body = noBody ? null : typeof result.body === "string" ? result.body : JSON.stringify(result.body);
  return new SimResponse(result.status, body, { ...(noBody ? {} : { "content-type": "application/json" }), ...result.headers }) as unknown as Response;
}
