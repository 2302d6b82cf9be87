import "fake-indexeddb/auto";
import { forceCloseDatabase, IDBFactory } from "fake-indexeddb";
import { unwrap } from "idb";
import { beforeEach, describe, expect, it } from "vitest";
import type { ManagedDatabase } from "@/lib/idb/open-database";
import { IdbModelCache, MODEL_DB_NAME, MODEL_DB_VERSION } from "./idb-model-cache";

const info = { key: "m@1#abc", name: "m", version: "1", sha256: "abc", size: 3, storedAt: 1, lastUsed: 1 };

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

/** Opens the database at `version` as a newer build in another tab would; resolves "blocked" if it has to wait. */
function openNewer(version: number): Promise<"opened" | "blocked"> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(MODEL_DB_NAME, version);
    request.onupgradeneeded = () => request.result.createObjectStore(`v${version}`);
    request.onblocked = () => resolve("blocked");
    request.onsuccess = () => {
      request.result.close();
      resolve("opened");
    };
    request.onerror = () => reject(request.error);
  });
}

describe("IdbModelCache", () => {
  it("lets a newer version in another tab upgrade instead of blocking it, and fails softly afterwards", async () => {
    const cache = await IdbModelCache.open();
    await cache.put(info, new Uint8Array([1, 2, 3]));
    expect(await openNewer(MODEL_DB_VERSION + 1)).toBe("opened");
    // This tab's code expects the old schema: its accesses now fail (the registry treats that as a cache miss).
    await expect(cache.get(info.key)).rejects.toThrow(/IndexedDB/);
  });

  it("stores bytes as a Blob and still reads an ArrayBuffer an earlier build stored", async () => {
    const cache = await IdbModelCache.open();
    await cache.put(info, new Uint8Array([1, 2, 3]));
    const raw = async (): Promise<unknown> => {
      const db: IDBDatabase = await new Promise((resolve) => {
        const request = indexedDB.open(MODEL_DB_NAME);
        request.onsuccess = () => resolve(request.result);
      });
      const value = await new Promise((resolve) => {
        const request = db.transaction("blobs").objectStore("blobs").get(info.key);
        request.onsuccess = () => resolve(request.result);
      });
      db.close();
      return value;
    };
    expect(await raw()).toBeInstanceOf(Blob);
    expect(Array.from((await cache.get(info.key))!.bytes)).toEqual([1, 2, 3]);

    const db: IDBDatabase = await new Promise((resolve) => {
      const request = indexedDB.open(MODEL_DB_NAME);
      request.onsuccess = () => resolve(request.result);
    });
    const tx = db.transaction("blobs", "readwrite");
    tx.objectStore("blobs").put(new Uint8Array([4, 5, 6]).buffer, info.key);
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
    expect(await raw()).toBeInstanceOf(ArrayBuffer);
    expect(Array.from((await cache.get(info.key))!.bytes)).toEqual([4, 5, 6]);
  });

  it("reopens after the browser closed its connection (terminated: site data cleared, disk error)", async () => {
    const cache = await IdbModelCache.open();
    await cache.put(info, new Uint8Array([1, 2, 3]));
    // The open connection, as the browser would close it under us.
    const connection = await (cache as unknown as { database: ManagedDatabase<unknown> }).database.connection();
    // fake-indexeddb types its parameter as the class, not an instance: the cast is for its typings only.
    forceCloseDatabase(unwrap(connection) as unknown as Parameters<typeof forceCloseDatabase>[0]);
    expect(Array.from((await cache.get(info.key))!.bytes)).toEqual([1, 2, 3]);
  });
});
