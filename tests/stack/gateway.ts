import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { AuthImitation } from "./auth-imitation";
import { handleControl, type ControlDeps } from "./control-api";
import { BadRequestError, json, readJson, send } from "./http";
import { identityOf } from "./request-log";

/**
 * The gateway: one origin like a Supabase project's URL. /rest/v1/* goes to the real PostgREST with the prefix
 * stripped (as Supabase's gateway does), /auth/v1/* to the Auth imitation, /__stack/* to the control API (loopback
 * only). It answers CORS for the app on another origin, logs every API request, and applies injected faults.
 */
export type GatewayDeps = ControlDeps & { auth: AuthImitation; postgrestPort: number };

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD",
  "access-control-allow-headers":
    "authorization, apikey, content-type, prefer, range, x-client-info, accept-profile, content-profile, x-supabase-api-version, accept",
  "access-control-expose-headers": "content-range, x-supabase-api-version",
  "access-control-max-age": "600",
};

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createGateway(deps: GatewayDeps): Server {
  return createServer((request, response) => {
    handle(deps, request, response).catch((error: unknown) => {
      console.error("[stack gateway]", error);
      if (!response.headersSent) send(response, json(500, { message: `gateway error: ${(error as Error).message}` }), CORS);
      else response.destroy();
    });
  });
}

async function handle(deps: GatewayDeps, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? "/", "http://gateway");
  const method = request.method ?? "GET";
  if (method === "OPTIONS") return send(response, json(204), CORS);

  if (url.pathname.startsWith("/__stack/")) {
    if (!LOOPBACK.has(request.socket.remoteAddress ?? "")) return send(response, json(403, { error: "the control API answers loopback clients only" }));
    const body = method === "GET" || method === "DELETE" ? {} : await readJsonOr400(request, response);
    if (body === null) return;
    return send(response, await handleControl(deps, method, url.pathname.slice("/__stack".length), url.searchParams, body), CORS);
  }

  const service = url.pathname.startsWith("/rest/v1/") || url.pathname === "/rest/v1" ? "rest" : url.pathname.startsWith("/auth/v1/") ? "auth" : null;
  const headerValue = (name: string) => (typeof request.headers[name] === "string" ? (request.headers[name] as string) : undefined);
  const identity = identityOf(headerValue("authorization"), headerValue("apikey") ?? url.searchParams.get("apikey") ?? undefined);
  const at = new Date().toISOString();
  const logged = (status: number) => deps.log.add({ at, method, path: url.pathname, search: url.search, status, ...identity });

  if (service === null) {
    logged(404);
    return send(response, json(404, { message: "no route: the gateway serves /rest/v1, /auth/v1 and /__stack" }), CORS);
  }
  // Supabase's gateway refuses requests without a project key before they reach PostgREST or Auth — except Auth's open
  // routes (Kong's auth-v1-open: /verify, /callback, /authorize), which a link in an email opens with no key.
  const open = service === "auth" && ["/auth/v1/verify", "/auth/v1/callback", "/auth/v1/authorize"].includes(url.pathname);
  if (!open && headerValue("apikey") === undefined && !url.searchParams.has("apikey")) {
    logged(401);
    return send(response, json(401, { message: "No API key found in request" }), CORS);
  }

  const fault = deps.faults.take(service, url.pathname, method);
  if (fault.kind === "error") {
    logged(fault.status);
    request.resume();
    return send(response, json(fault.status, { message: `fault injected by the test stack (${fault.status})` }), CORS);
  }
  // A hang is a slow server, not a slow client: the request has arrived whole before the wait, so a client that gives
  // up meanwhile (an abort, a closed page) does not take it back — PostgREST still gets it when the wait is over,
  // and nobody hears the answer. That is the race a Delete during a held upload must survive (issue 18).
  let arrived: Buffer | null = null;
  if (fault.kind === "delay") {
    if (service === "rest") arrived = await readBody(request);
    await sleep(fault.delayMs);
  }

  if (service === "auth") {
    const body = method === "GET" ? {} : await readJsonOr400(request, response);
    if (body === null) return logged(400);
    const result = await deps.auth.handle(method, url.pathname.slice("/auth/v1".length), url.searchParams, request.headers, body);
    logged(result.status);
    return send(response, result, CORS);
  }
  return proxyToPostgrest(deps.postgrestPort, url, request, response, logged, arrived);
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function readJsonOr400(request: IncomingMessage, response: ServerResponse): Promise<Record<string, unknown> | null> {
  try {
    return await readJson(request);
  } catch (error) {
    if (!(error instanceof BadRequestError)) throw error;
    send(response, json(400, { message: error.message }), CORS);
    return null;
  }
}

/**
 * Streams the request to PostgREST and its answer back, both bodies piped, never buffered — except a request body
 * already read (`arrived`, under a hang fault), which is sent as it is.
 */
function proxyToPostgrest(
  port: number,
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
  logged: (status: number) => void,
  arrived: Buffer | null = null,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const path = (url.pathname.slice("/rest/v1".length) || "/") + url.search;
    const headers = { ...request.headers, host: `127.0.0.1:${port}` };
    // agent: false — a new connection per request. Node 20's default agent keeps connections alive and reuses them,
    // and PostgREST closes a connection after answering a request whose body it did not read (a refused JWT on a
    // POST): the next request sent on that socket failed with "socket hang up" / ECONNRESET, a 502 the app never
    // gets from Supabase (seen by the differential test, about once in 300 sequences).
    const upstream = httpRequest({ host: "127.0.0.1", port, method: request.method, path, headers, agent: false }, (answer) => {
      logged(answer.statusCode ?? 502);
      // PostgREST's own CORS headers would duplicate ours.
      const passed = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !name.startsWith("access-control-")));
      response.writeHead(answer.statusCode ?? 502, { ...passed, ...CORS });
      answer.pipe(response);
      answer.on("end", resolve);
      answer.on("error", reject);
    });
    upstream.on("error", (error) => {
      logged(502);
      if (!response.headersSent) send(response, json(502, { message: `PostgREST unreachable: ${error.message}` }), CORS);
      resolve();
    });
    if (arrived) {
      // The client may be gone already; the request goes through all the same (see the hang above).
      upstream.end(arrived);
      return;
    }
    // A client that gives up (abort, page closed) must not leave the upstream request running.
    response.on("close", () => upstream.destroy());
    request.pipe(upstream);
  });
}

export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}
