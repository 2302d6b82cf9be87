import { errorMessage, StorageUnavailableError } from "./errors";
import { MemoryModelCache, type ModelCache } from "./model-cache";

export type StorageInfo = {
  /** False when IndexedDB is unavailable and models live in memory for this visit only. */
  available: boolean;
  usage: number | null;
  quota: number | null;
  persisted: boolean | null;
};

/**
 * Where model bytes live: the cache opened once, falling back to memory where storage is refused (private windows,
 * blocked storage — transformers.js does the same, never crash); persistence asked for once, before the first write;
 * the origin's usage and quota for the Models page.
 */
export class ModelStorage {
  private cachePromise: Promise<ModelCache> | null = null;
  private persistAsked = false;
  /** Why models are kept in memory only, once the cache fell back (shown in each model's status line). */
  notice: string | undefined;

  constructor(private readonly openCache: () => Promise<ModelCache>) {}

  cache(): Promise<ModelCache> {
    this.cachePromise ??= this.openCache().catch((error: unknown) => {
      this.notice = (error instanceof StorageUnavailableError ? error : new StorageUnavailableError(errorMessage(error))).message;
      return new MemoryModelCache();
    });
    return this.cachePromise;
  }

  /** Asks the browser not to evict our storage under pressure; once, and quietly when denied or unsupported. */
  async askPersist(): Promise<void> {
    if (this.persistAsked) return;
    this.persistAsked = true;
    try {
      await navigator.storage?.persist?.();
    } catch {
      // Denied or unsupported: the cache still works, the browser may just evict it under pressure.
    }
  }

  async info(): Promise<StorageInfo> {
    const cache = await this.cache();
    let usage: number | null = null;
    let quota: number | null = null;
    let persisted: boolean | null = null;
    try {
      const estimate = await navigator.storage?.estimate?.();
      usage = estimate?.usage ?? null;
      quota = estimate?.quota ?? null;
      persisted = (await navigator.storage?.persisted?.()) ?? null;
    } catch {
      // Not supported: unknown.
    }
    return { available: cache.persistent, usage, quota, persisted };
  }

  /** Keys of the cached models, without reading their bytes; empty when the cache cannot be listed. */
  async cachedKeys(): Promise<Set<string>> {
    try {
      return new Set((await (await this.cache()).list()).map((i) => i.key));
    } catch {
      return new Set();
    }
  }
}
