/**
 * The cache behind a small interface (transformers.js utils/cache.js): the registry does not care whether bytes live
 * in IndexedDB or, when storage is unavailable, only in memory for this visit.
 */
export type CachedModelInfo = {
  /** name@version#sha256: a new version or new bytes never read an old entry. */
  key: string;
  name: string;
  version: string;
  sha256: string;
  size: number;
  storedAt: number;
  lastUsed: number;
};

export type PartialDownload = {
  /** URL of the file being downloaded (content-hashed, so the URL names the bytes). */
  url: string;
  received: Uint8Array;
  total: number;
  updatedAt: number;
};

export interface ModelCache {
  /** True when entries survive a reload (IndexedDB); false for the in-memory fallback. */
  readonly persistent: boolean;
  get(key: string): Promise<{ info: CachedModelInfo; bytes: Uint8Array } | undefined>;
  /** Throws the browser's QuotaExceededError unchanged; the caller decides what to evict. */
  put(info: CachedModelInfo, bytes: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
  touch(key: string, time: number): Promise<void>;
  list(): Promise<CachedModelInfo[]>;
  getPartial(url: string): Promise<PartialDownload | undefined>;
  putPartial(partial: PartialDownload): Promise<void>;
  deletePartial(url: string): Promise<void>;
  /** URLs of the interrupted downloads kept (for pruning those of versions the manifest no longer lists). */
  partialUrls(): Promise<string[]>;
  clear(): Promise<void>;
}

export function cacheKey(entry: { name: string; version: string; sha256: string }): string {
  return `${entry.name}@${entry.version}#${entry.sha256}`;
}

export class MemoryModelCache implements ModelCache {
  readonly persistent = false;
  private readonly entries = new Map<string, { info: CachedModelInfo; bytes: Uint8Array }>();
  private readonly partials = new Map<string, PartialDownload>();

  async get(key: string) {
    return this.entries.get(key);
  }
  async put(info: CachedModelInfo, bytes: Uint8Array) {
    this.entries.set(info.key, { info: { ...info }, bytes });
  }
  async delete(key: string) {
    this.entries.delete(key);
  }
  async touch(key: string, time: number) {
    const entry = this.entries.get(key);
    if (entry) entry.info.lastUsed = time;
  }
  async list() {
    return [...this.entries.values()].map((e) => ({ ...e.info }));
  }
  async getPartial(url: string) {
    return this.partials.get(url);
  }
  async putPartial(partial: PartialDownload) {
    this.partials.set(partial.url, partial);
  }
  async deletePartial(url: string) {
    this.partials.delete(url);
  }
  async partialUrls() {
    return [...this.partials.keys()];
  }
  async clear() {
    this.entries.clear();
    this.partials.clear();
  }
}
