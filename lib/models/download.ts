import { abortError, ModelDownloadError } from "./errors";

export type DownloadProgress = { loaded: number; total: number };

export type DownloadRequest = {
  modelName: string;
  url: string;
  /** Size of the file as served (the manifest knows it; the server's Content-Length is not trusted). */
  expectedBytes: number;
  /** Bytes kept from an interrupted attempt: asked for again only from where they end (HTTP Range). */
  resumeFrom?: Uint8Array;
  fetch: typeof fetch;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** Called with everything received so far when the transfer breaks off, so the next attempt can resume. */
  onInterrupted?: (received: Uint8Array) => Promise<void> | void;
  /** Skip the HTTP cache (a retry after wrong bytes: the cached response may be the bad copy). */
  bypassHttpCache?: boolean;
};

export type DownloadResult = { bytes: Uint8Array; resumed: boolean; transferredBytes: number };

/**
 * Streams one file into a buffer of the size the manifest promises, reporting progress. Resumes with `Range` when
 * bytes from an earlier attempt are given and the server answers 206 for exactly that range; a server that ignores
 * Range (200) gets a clean full download. An HTML page, a wrong status or a body longer than promised is rejected
 * here, before any hashing, so that an error page can never be mistaken for a model.
 */
export async function downloadFile(request: DownloadRequest): Promise<DownloadResult> {
  const { modelName, url, expectedBytes, signal } = request;
  const kept = request.resumeFrom && request.resumeFrom.length < expectedBytes ? request.resumeFrom : undefined;
  const headers: Record<string, string> = {};
  if (kept && kept.length > 0) headers.Range = `bytes=${kept.length}-`;

  let response: Response;
  try {
    // Content-hashed file names: the HTTP cache may hold them forever, and the hash check guards the bytes anyway. Which
    // is why a retry after a hash mismatch must reload: with `immutable` URLs the browser would hand back the same
    // poisoned entry on every attempt, a permanent ModelIntegrityError.
    const cache: RequestCache = kept ? "no-store" : request.bypassHttpCache ? "reload" : "default";
    response = await request.fetch(url, { headers, signal, cache });
  } catch (error) {
    if (signal?.aborted) throw abortError(signal.reason);
    throw new ModelDownloadError(modelName, `the network request failed (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }

  let offset = 0;
  if (response.status === 206 && kept) {
    const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers.get("Content-Range") ?? "");
    if (!range || Number(range[1]) !== kept.length) {
      await response.body?.cancel();
      throw new ModelDownloadError(modelName, `the server answered a range request with the wrong range (${response.headers.get("Content-Range") ?? "none"})`);
    }
    offset = kept.length;
  } else if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    throw new ModelDownloadError(modelName, `the server answered HTTP ${response.status} for ${url}`);
  }

  const contentType = response.headers.get("Content-Type") ?? "";
  if (/text\/html/i.test(contentType)) {
    await response.body?.cancel().catch(() => undefined);
    throw new ModelDownloadError(modelName, `the server answered with a web page (${contentType}) instead of the model file ${url}`);
  }
  if (!response.body) throw new ModelDownloadError(modelName, "the response has no body");

  const buffer = new Uint8Array(expectedBytes);
  if (offset > 0 && kept) buffer.set(kept);
  let loaded = offset;
  request.onProgress?.({ loaded, total: expectedBytes });
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (loaded + value.length > expectedBytes) {
        throw new ModelDownloadError(modelName, `the server sent more than the ${expectedBytes} bytes the manifest lists; it is not the expected file`);
      }
      buffer.set(value, loaded);
      loaded += value.length;
      request.onProgress?.({ loaded, total: expectedBytes });
    }
  } catch (error) {
    reader.cancel().catch(() => undefined);
    if (error instanceof ModelDownloadError) throw error;
    if (loaded > 0) await request.onInterrupted?.(buffer.slice(0, loaded));
    if (signal?.aborted) throw abortError(signal.reason);
    throw new ModelDownloadError(modelName, `the connection broke off after ${loaded} of ${expectedBytes} bytes`, { cause: error });
  }
  if (loaded !== expectedBytes) {
    // A short body with a clean end (a proxy or server truncating): keep it, the next attempt resumes from there.
    if (loaded > 0) await request.onInterrupted?.(buffer.slice(0, loaded));
    throw new ModelDownloadError(modelName, `the download ended after ${loaded} of ${expectedBytes} bytes`);
  }
  return { bytes: buffer, resumed: offset > 0, transferredBytes: loaded - offset };
}

export function canGunzip(): boolean {
  return typeof DecompressionStream !== "undefined";
}
