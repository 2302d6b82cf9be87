import { withCrossTabLock } from "./cross-tab-lock";
import { canGunzip, type DownloadProgress, downloadFile } from "./download";
import { isAbortError, isQuotaError, ModelIntegrityError, StorageQuotaError } from "./errors";
import { sha256Hex } from "./hash";
import { inflateVerified } from "./inflate";
import type { ModelEntry } from "./manifest-schema";
import { cacheKey, type ModelCache } from "./model-cache";

export type BytesPhase = "reading-cache" | "verifying" | "downloading";

export type BytesContext = {
  cache: ModelCache;
  fetch: typeof fetch;
  /** Prefix of model file URLs, ending in "/". */
  baseUrl: string;
  /** Download the `.onnx.gz` variant when the manifest lists one and the browser can inflate it. */
  preferCompressed: boolean;
  now: () => number;
  onPhase: (phase: BytesPhase, progress?: DownloadProgress) => void;
  /** Called before the first write to the cache (asks for persistent storage). */
  beforeCacheWrite: () => Promise<void>;
};

export type VerifiedBytes = {
  bytes: Uint8Array;
  source: "cache" | "network";
  /** False when the bytes could not be stored (quota, storage errors): the model works for this visit only. */
  cached: boolean;
  /** Why `cached` is false, for the status line. */
  notice?: string;
  /** Bytes that crossed the network in this load (compressed size when gzip was used). */
  transferredBytes: number;
};

async function verify(entry: ModelEntry, bytes: Uint8Array): Promise<{ ok: boolean; actual: string }> {
  if (bytes.length !== entry.bytes) return { ok: false, actual: `length ${bytes.length}` };
  const actual = await sha256Hex(bytes);
  return { ok: actual === entry.sha256, actual };
}

/** Reads the cached copy, checking its hash; a wrong or truncated entry is deleted and reported as a miss. */
async function readVerifiedFromCache(entry: ModelEntry, ctx: BytesContext): Promise<Uint8Array | undefined> {
  const key = cacheKey(entry);
  ctx.onPhase("reading-cache");
  let record: Awaited<ReturnType<ModelCache["get"]>>;
  try {
    record = await ctx.cache.get(key);
  } catch {
    return undefined; // an unreadable cache is a miss, not a failure
  }
  if (!record) return undefined;
  ctx.onPhase("verifying");
  const { ok } = await verify(entry, record.bytes);
  if (!ok) {
    await ctx.cache.delete(key).catch(() => undefined);
    return undefined;
  }
  void ctx.cache.touch(key, ctx.now()).catch(() => undefined);
  return record.bytes;
}

async function fetchOnce(entry: ModelEntry, ctx: BytesContext, resume: boolean, signal?: AbortSignal) {
  const variant = ctx.preferCompressed && entry.compressed && canGunzip() ? entry.compressed : undefined;
  const url = `${ctx.baseUrl}${variant ? variant.file : entry.file}`;
  const expectedBytes = variant ? variant.bytes : entry.bytes;
  const partial = resume ? await ctx.cache.getPartial(url).catch(() => undefined) : undefined;
  ctx.onPhase("downloading", { loaded: partial?.received.length ?? 0, total: expectedBytes });
  const result = await downloadFile({
    modelName: entry.name,
    url,
    expectedBytes,
    resumeFrom: partial && partial.total === expectedBytes ? partial.received : undefined,
    fetch: ctx.fetch,
    signal,
    onProgress: (p) => ctx.onPhase("downloading", p),
    bypassHttpCache: !resume,
    onInterrupted: async (received) => {
      await ctx.cache.putPartial({ url, received, total: expectedBytes, updatedAt: ctx.now() }).catch(() => undefined);
    },
  });
  await ctx.cache.deletePartial(url).catch(() => undefined);
  ctx.onPhase("verifying");
  if (!variant) return { bytes: result.bytes, transferredBytes: result.transferredBytes, check: await verify(entry, result.bytes) };
  // The .gz's own hash before inflating, and no more than the model's size inflated (inflate.ts): wrong bytes are
  // refused like any others below, at the cost of hashing the compressed file, never of inflating a bomb.
  const inflated = await inflateVerified(result.bytes, variant.sha256, entry.bytes);
  if (!inflated.ok) return { bytes: new Uint8Array(0), transferredBytes: result.transferredBytes, check: { ok: false, actual: inflated.actual } };
  return { bytes: inflated.bytes, transferredBytes: result.transferredBytes, check: await verify(entry, inflated.bytes) };
}

/**
 * Stores with quota handling: on QuotaExceededError, evicts the least recently used other models one by one and
 * retries; when nothing is left to evict, throws StorageQuotaError (the caller keeps the model in memory only).
 */
export async function storeWithEviction(entry: ModelEntry, bytes: Uint8Array, ctx: BytesContext): Promise<void> {
  const key = cacheKey(entry);
  const now = ctx.now();
  const info = { key, name: entry.name, version: entry.version, sha256: entry.sha256, size: bytes.length, storedAt: now, lastUsed: now };
  for (;;) {
    try {
      await ctx.cache.put(info, bytes);
      return;
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      const victims = (await ctx.cache.list()).filter((i) => i.key !== key).sort((a, b) => a.lastUsed - b.lastUsed);
      const victim = victims[0];
      if (!victim) throw new StorageQuotaError(entry.name, { cause: error });
      await ctx.cache.delete(victim.key);
    }
  }
}

/**
 * The bytes of a model, verified against the manifest's SHA-256: from the cache when a good copy is there, else from
 * the network, once across tabs (Web Lock), resuming an interrupted download, refetching once on a hash mismatch.
 */
export async function loadVerifiedBytes(entry: ModelEntry, ctx: BytesContext, signal?: AbortSignal): Promise<VerifiedBytes> {
  const fromCache = await readVerifiedFromCache(entry, ctx);
  if (fromCache) return { bytes: fromCache, source: "cache", cached: ctx.cache.persistent, transferredBytes: 0 };

  return withCrossTabLock(
    `checkin-models:${cacheKey(entry)}`,
    async () => {
      // Another tab may have downloaded it while we waited for the lock.
      const stored = await readVerifiedFromCache(entry, ctx);
      if (stored) return { bytes: stored, source: "cache" as const, cached: ctx.cache.persistent, transferredBytes: 0 };

      let attempt = await fetchOnce(entry, ctx, true, signal);
      let transferred = attempt.transferredBytes;
      if (!attempt.check.ok) {
        // Wrong bytes (corruption in transit, a stale partial, a misbehaving cache): one clean refetch, no resume.
        attempt = await fetchOnce(entry, ctx, false, signal);
        transferred += attempt.transferredBytes;
        if (!attempt.check.ok) throw new ModelIntegrityError(entry.name, entry.sha256, attempt.check.actual);
      }
      try {
        await ctx.beforeCacheWrite();
        await storeWithEviction(entry, attempt.bytes, ctx);
        return { bytes: attempt.bytes, source: "network" as const, cached: ctx.cache.persistent, transferredBytes: transferred };
      } catch (error) {
        if (isAbortError(error)) throw error;
        const notice = error instanceof StorageQuotaError ? error.message : `Could not cache the model: ${error instanceof Error ? error.message : String(error)}`;
        return { bytes: attempt.bytes, source: "network" as const, cached: false, notice, transferredBytes: transferred };
      }
    },
    signal,
  );
}

