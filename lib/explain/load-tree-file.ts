import { onlineManager } from "@tanstack/react-query";
import { canGunzip, downloadFile } from "@/lib/models/download";
import { isAbortError, ModelDownloadError } from "@/lib/models/errors";
import { sha256Hex } from "@/lib/models/hash";
import { inflateVerified } from "@/lib/models/inflate";
import type { ExplainFile, ModelEntry } from "@/lib/models/manifest-schema";
import { ExplainNeedsConnectionError, ExplainUnavailableError } from "./errors";
import type { TreeFileCache } from "./tree-file-cache";

export type TreeFileSource = {
  cache: TreeFileCache;
  fetch: typeof fetch;
  /** Prefix of the model file URLs, ending in "/". */
  baseUrl: string;
  signal?: AbortSignal;
};

export type LoadedTreeFile = { key: string; bytes: Uint8Array; source: "cache" | "network"; transferredBytes: number };

/** name@version#sha256 of the tree file: new bytes never read an old entry. */
export function treeFileKey(entry: ModelEntry, file: ExplainFile): string {
  return `${entry.name}@${entry.version}#${file.sha256}`;
}

async function matches(file: ExplainFile, bytes: Uint8Array): Promise<boolean> {
  return bytes.length === file.bytes && (await sha256Hex(bytes)) === file.sha256;
}

/**
 * The model's tree file, checked against the manifest's hash like the model itself: from the local store when a
 * verified copy is there (offline too), else downloaded (gzip when the browser can inflate it) and stored. Wrong bytes
 * are fetched once more past the HTTP cache, then refused. Offline with nothing stored: ExplainNeedsConnectionError.
 */
export async function loadTreeFile(entry: ModelEntry, source: TreeFileSource): Promise<LoadedTreeFile> {
  const file = entry.explain;
  if (!file) throw new ExplainUnavailableError(entry.name, "this model ships without an explanation file.");
  const key = treeFileKey(entry, file);
  const cached = await source.cache.get(key).catch(() => undefined);
  if (cached && (await matches(file, cached))) return { key, bytes: cached, source: "cache", transferredBytes: 0 };
  if (cached) await source.cache.delete(key).catch(() => undefined);

  const variant = file.compressed && canGunzip() ? file.compressed : undefined;
  for (const retry of [false, true]) {
    let transferred: Uint8Array;
    try {
      transferred = (
        await downloadFile({
          modelName: entry.name,
          url: `${source.baseUrl}${variant ? variant.file : file.file}`,
          expectedBytes: variant ? variant.bytes : file.bytes,
          fetch: source.fetch,
          signal: source.signal,
          bypassHttpCache: retry,
        })
      ).bytes;
    } catch (error) {
      if (isAbortError(error)) throw error;
      const offline = !onlineManager.isOnline();
      if (offline || (error instanceof ModelDownloadError && /network request failed/.test(error.message))) {
        throw new ExplainNeedsConnectionError(entry.name, { cause: error });
      }
      throw new ExplainUnavailableError(entry.name, error instanceof Error ? error.message : String(error), { cause: error });
    }
    // The .gz checked against its own hash before inflating, and inflated no further than the tree file's size.
    const inflated = variant ? await inflateVerified(transferred, variant.sha256, file.bytes) : { ok: true as const, bytes: transferred };
    const bytes = inflated.ok ? inflated.bytes : undefined;
    if (bytes && (await matches(file, bytes))) {
      await source.cache.put(key, entry.name, bytes).catch(() => undefined); // storage full or blocked: this visit only
      return { key, bytes, source: "network", transferredBytes: transferred.length };
    }
  }
  throw new ExplainUnavailableError(entry.name, "the server sent an explanation file that does not match the manifest's hash twice. Reload the app and try again.");
}
