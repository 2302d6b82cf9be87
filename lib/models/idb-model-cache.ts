import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import { StorageUnavailableError } from "./errors";
import type { CachedModelInfo, ModelCache, PartialDownload } from "./model-cache";

export const MODEL_DB_NAME = "checkin-models";

interface ModelDb extends DBSchema {
  /** Metadata apart from the bytes, so that listing the cache never reads megabytes. */
  meta: { key: string; value: CachedModelInfo };
  blobs: { key: string; value: ArrayBuffer };
  partials: { key: string; value: { url: string; received: ArrayBuffer; total: number; updatedAt: number } };
}

/** Copies a view into its own ArrayBuffer: IndexedDB stores whole buffers, and a view may be a window on a larger one. */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) {
    return bytes.buffer;
  }
  return bytes.slice().buffer as ArrayBuffer;
}

export class IdbModelCache implements ModelCache {
  readonly persistent = true;

  private constructor(private readonly db: IDBPDatabase<ModelDb>) {}

  /** Opens the database; throws StorageUnavailableError where IndexedDB is missing or blocked (private windows). */
  static async open(): Promise<IdbModelCache> {
    if (typeof indexedDB === "undefined" || !indexedDB) throw new StorageUnavailableError("this browser exposes no IndexedDB");
    try {
      const db = await openDB<ModelDb>(MODEL_DB_NAME, 1, {
        upgrade(database) {
          database.createObjectStore("meta", { keyPath: "key" });
          database.createObjectStore("blobs");
          database.createObjectStore("partials", { keyPath: "url" });
        },
      });
      return new IdbModelCache(db);
    } catch (error) {
      throw new StorageUnavailableError(error instanceof Error ? error.message : String(error), { cause: error });
    }
  }

  async get(key: string) {
    const tx = this.db.transaction(["meta", "blobs"], "readonly");
    const [info, buffer] = await Promise.all([tx.objectStore("meta").get(key), tx.objectStore("blobs").get(key)]);
    await tx.done;
    if (!info || !buffer) return undefined;
    return { info, bytes: new Uint8Array(buffer) };
  }

  async put(info: CachedModelInfo, bytes: Uint8Array) {
    const tx = this.db.transaction(["meta", "blobs"], "readwrite");
    // Both writes in one transaction: a model is never listed without its bytes, nor stored without its metadata.
    await Promise.all([tx.objectStore("blobs").put(ownBuffer(bytes), info.key), tx.objectStore("meta").put(info), tx.done]);
  }

  async delete(key: string) {
    const tx = this.db.transaction(["meta", "blobs"], "readwrite");
    await Promise.all([tx.objectStore("meta").delete(key), tx.objectStore("blobs").delete(key), tx.done]);
  }

  async touch(key: string, time: number) {
    const tx = this.db.transaction("meta", "readwrite");
    const info = await tx.store.get(key);
    if (info) await tx.store.put({ ...info, lastUsed: time });
    await tx.done;
  }

  async list() {
    return this.db.getAll("meta");
  }

  async getPartial(url: string): Promise<PartialDownload | undefined> {
    const stored = await this.db.get("partials", url);
    if (!stored) return undefined;
    return { url: stored.url, received: new Uint8Array(stored.received), total: stored.total, updatedAt: stored.updatedAt };
  }

  async putPartial(partial: PartialDownload) {
    await this.db.put("partials", {
      url: partial.url,
      received: ownBuffer(partial.received),
      total: partial.total,
      updatedAt: partial.updatedAt,
    });
  }

  async deletePartial(url: string) {
    await this.db.delete("partials", url);
  }

  async clear() {
    const tx = this.db.transaction(["meta", "blobs", "partials"], "readwrite");
    await Promise.all([tx.objectStore("meta").clear(), tx.objectStore("blobs").clear(), tx.objectStore("partials").clear(), tx.done]);
  }
}
