import type { DBSchema, IDBPDatabase } from "idb";
import { IndexedDbUnavailableError, openDatabase, type UpgradeStep } from "@/lib/idb/open-database";
import { StorageUnavailableError } from "./errors";
import type { CachedModelInfo, ModelCache, PartialDownload } from "./model-cache";

export const MODEL_DB_NAME = "checkin-models";

interface ModelDb extends DBSchema {
  /** Metadata apart from the bytes, so that listing the cache never reads megabytes. */
  meta: { key: string; value: CachedModelInfo };
  /** Blobs since 2026-11 (ArrayBuffers before: still read, see `bytesOf`). */
  blobs: { key: string; value: Blob | ArrayBuffer };
  partials: { key: string; value: { url: string; received: ArrayBuffer; total: number; updatedAt: number } };
}

/**
 * Model bytes are stored as Blobs: Chromium keeps large values as files either way, but an ArrayBuffer value is read
 * back whole and deserialized before `get` answers, while a Blob comes back as a handle whose bytes are then read off
 * the main thread. Measured for the 14 MB runtime (scripts/bench/idb-blob-probe.ts, docs/performance.md): 2.8× faster
 * as a Blob; 1.3× for a 2.5 MB model.
 */
async function bytesOf(value: Blob | ArrayBuffer): Promise<Uint8Array> {
  return new Uint8Array(value instanceof Blob ? await value.arrayBuffer() : value);
}

/** Copies a view into its own ArrayBuffer: IndexedDB stores whole buffers, and a view may be a window on a larger one. */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) {
    return bytes.buffer;
  }
  return bytes.slice().buffer as ArrayBuffer;
}

/** One step per version (lib/idb/open-database.ts); never edit a step that shipped. */
const UPGRADES: readonly UpgradeStep<ModelDb>[] = [
  (database) => {
    database.createObjectStore("meta", { keyPath: "key" });
    database.createObjectStore("blobs");
    database.createObjectStore("partials", { keyPath: "url" });
  },
];

export const MODEL_DB_VERSION = UPGRADES.length;

export class IdbModelCache implements ModelCache {
  readonly persistent = true;
  /**
   * Opened, upgraded, and let go of like every database of the app (lib/idb/open-database.ts):
   * - blocking: a newer version of the app in another tab wants to upgrade this database. Holding on would block it
   *   forever, so this tab lets go; its next access reopens at its own version, which then fails (VersionError) and
   *   the registry carries on as for any cache failure — a miss, models kept in memory — until this tab reloads.
   * - terminated: the browser closed the connection (site data cleared, disk error); the next access reopens it.
   */
  private readonly database = openDatabase<ModelDb>({ name: MODEL_DB_NAME, upgrades: UPGRADES });

  private constructor() {}

  /** Opens the database; throws StorageUnavailableError where IndexedDB is missing or blocked (private windows). */
  static async open(): Promise<IdbModelCache> {
    const cache = new IdbModelCache();
    await cache.db();
    return cache;
  }

  private db(): Promise<IDBPDatabase<ModelDb>> {
    return this.database.connection().catch((error: unknown) => {
      // A later access may succeed (storage freed, the other tab's upgrade done): the helper forgot this failure.
      const detail = error instanceof IndexedDbUnavailableError ? "this browser exposes no IndexedDB" : error instanceof Error ? error.message : String(error);
      throw new StorageUnavailableError(detail, { cause: error });
    });
  }

  async get(key: string) {
    const tx = (await this.db()).transaction(["meta", "blobs"], "readonly");
    const [info, buffer] = await Promise.all([tx.objectStore("meta").get(key), tx.objectStore("blobs").get(key)]);
    await tx.done;
    if (!info || !buffer) return undefined;
    // A Blob whose file the browser lost (site data cleared mid-read) rejects here: the registry treats it as a miss.
    return { info, bytes: await bytesOf(buffer) };
  }

  async put(info: CachedModelInfo, bytes: Uint8Array) {
    const tx = (await this.db()).transaction(["meta", "blobs"], "readwrite");
    // Both writes in one transaction: a model is never listed without its bytes, nor stored without its metadata.
    await Promise.all([tx.objectStore("blobs").put(new Blob([ownBuffer(bytes)]), info.key), tx.objectStore("meta").put(info), tx.done]);
  }

  async delete(key: string) {
    const tx = (await this.db()).transaction(["meta", "blobs"], "readwrite");
    await Promise.all([tx.objectStore("meta").delete(key), tx.objectStore("blobs").delete(key), tx.done]);
  }

  async touch(key: string, time: number) {
    const tx = (await this.db()).transaction("meta", "readwrite");
    const info = await tx.store.get(key);
    if (info) await tx.store.put({ ...info, lastUsed: time });
    await tx.done;
  }

  async list() {
    return (await this.db()).getAll("meta");
  }

  async getPartial(url: string): Promise<PartialDownload | undefined> {
    const stored = await (await this.db()).get("partials", url);
    if (!stored) return undefined;
    return { url: stored.url, received: new Uint8Array(stored.received), total: stored.total, updatedAt: stored.updatedAt };
  }

  async putPartial(partial: PartialDownload) {
    await (await this.db()).put("partials", {
      url: partial.url,
      received: ownBuffer(partial.received),
      total: partial.total,
      updatedAt: partial.updatedAt,
    });
  }

  async deletePartial(url: string) {
    await (await this.db()).delete("partials", url);
  }

  async partialUrls() {
    return (await this.db()).getAllKeys("partials");
  }

  async clear() {
    const tx = (await this.db()).transaction(["meta", "blobs", "partials"], "readwrite");
    await Promise.all([tx.objectStore("meta").clear(), tx.objectStore("blobs").clear(), tx.objectStore("partials").clear(), tx.done]);
  }
}
