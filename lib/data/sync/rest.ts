import { classifyFailure, SupabaseSyncError } from "@/lib/data/sync/classify-failure";

/**
 * Where and how the sync reaches PostgREST. Plain fetch, not supabase-js's `from()`: supabase-js asks auth-js for the
 * session before every request, and auth-js refreshes whenever the device's clock says the token expired — with a
 * clock two hours fast, that is every request (issue 18, defect 8). The sync sets the token of the user whose rows it
 * moves on each request itself (lib/data/sync/token-source.ts).
 */
export type RestTransport = { url: string; anonKey: string; fetch: typeof fetch };

export type RestRequest = {
  method: "GET" | "POST";
  /** After /rest/v1/, e.g. "check_ins" or "rpc/push_changes". */
  path: string;
  query?: Record<string, string | string[]>;
  body?: unknown;
  token: string;
  signal?: AbortSignal;
  /** What the caller was doing, for the error's message ("Could not send your check-ins"). */
  what: string;
};

export type RestResponse<T> = { status: number; body: T };

/** Sends one request; a non-2xx answer or no answer at all throws SupabaseSyncError with the failure classified. */
export async function rest<T>(transport: RestTransport, request: RestRequest): Promise<RestResponse<T>> {
  const url = new URL(`${transport.url.replace(/\/$/, "")}/rest/v1/${request.path}`);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, v);
  }
  const headers: Record<string, string> = {
    apikey: transport.anonKey,
    Authorization: `Bearer ${request.token}`,
    Accept: "application/json",
  };
  if (request.body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await transport.fetch(url.toString(), {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: request.signal,
    });
  } catch (error) {
    if (request.signal?.aborted) throw new SyncAbortedError();
    const message = error instanceof Error ? error.message : String(error);
    throw new SupabaseSyncError(classifyFailure(0, { message: `no response (${message})` }), request.what);
  }
  const text = await response.text().catch(() => "");
  const body = parseJson(text);
  if (!response.ok) {
    const error = (body && typeof body === "object" ? body : {}) as { code?: string | null; message?: string | null };
    throw new SupabaseSyncError(classifyFailure(response.status, { code: error.code ?? null, message: error.message ?? (text || null) }), request.what);
  }
  return { status: response.status, body: body as T };
}

/** The run was stopped (sign-out, Delete, the page closing): not a failure to report or retry. */
export class SyncAbortedError extends Error {
  override name = "SyncAbortedError";
  constructor() {
    super("Stopped.");
  }
}

function parseJson(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
