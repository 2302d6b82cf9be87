import { type DBSchema, type IDBPDatabase, openDB } from "idb";
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

/** Bump with a new step in `upgrade` below; never edit a step that shipped. */
export const MODEL_DB_VERSION = 1;

function upgrade(database: IDBPDatabase<ModelDb>, oldVersion: number): void {
  if (oldVersion < 1) {
    database.createObjectStore("meta", { keyPath: "key" });
    database.createObjectStore("blobs");
    database.createObjectStore("partials", { keyPath: "url" });
  }
}

export class IdbModelCache implements ModelCache {
  readonly persistent = true;
  private connection: Promise<IDBPDatabase<ModelDb>> | null = null;

  private constructor() {}

  /** Opens the database; throws StorageUnavailableError where IndexedDB is missing or blocked (private windows). */
  static async open(): Promise<IdbModelCache> {
    if (typeof indexedDB === "undefined" || !indexedDB) throw new StorageUnavailableError("this browser exposes no IndexedDB");
    const cache = new IdbModelCache();
    await cache.db();
    return cache;
  }

  /**
   * The open connection, reopened after it went away. Like the data store (lib/data/local/local-db.ts):
   * - blocking: a newer version of the app in another tab wants to upgrade this database. Holding on would block it
   *   forever, so this tab lets go; its next access reopens at its own version, which then fails (VersionError) and
   *   the registry carries on as for any cache failure — a miss, models kept in memory — until this tab reloads.
   * - terminated: the browser closed the connection (site data cleared, disk error); reopen on the next access
   *   instead of failing every later read with InvalidStateError.
   */
  private db(): Promise<IDBPDatabase<ModelDb>> {
    this.connection ??= openDB<ModelDb>(MODEL_DB_NAME, MODEL_DB_VERSION, {
      upgrade: (database, oldVersion) => upgrade(database, oldVersion),
      blocking: (_current, _blocked, event) => {
        (event.target as IDBDatabase).close();
        this.connection = null;
      },
      terminated: () => {
        this.connection = null;
      },
    }).catch((error: unknown) => {
      this.connection = null; // a later access may succeed (storage freed, the other tab's upgrade done)
      throw new StorageUnavailableError(error instanceof Error ? error.message : String(error), { cause: error });
    });
    return this.connection;
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

  async clear() {
    const tx = (await this.db()).transaction(["meta", "blobs", "partials"], "readwrite");
    await Promise.all([tx.objectStore("meta").clear(), tx.objectStore("blobs").clear(), tx.objectStore("partials").clear(), tx.done]);
  }
}
