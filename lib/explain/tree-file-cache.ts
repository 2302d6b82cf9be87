import type { DBSchema, IDBPDatabase } from "idb";
import { openDatabase } from "@/lib/idb/open-database";

/**
 * Verified tree files kept for offline "Why?". A database of its own, not the model registry's: the registry prunes
 * every cache entry that is not a current model, and "Why?" must not depend on the registry's internals.
 */
export interface TreeFileCache {
  get(key: string): Promise<Uint8Array | undefined>;
  /** Stores `bytes` under `key` and drops older files of the same model (`name`). */
  put(key: string, name: string, bytes: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
  /** Deletes every stored tree file ("Clear all" on the Models page). */
  clear(): Promise<void>;
}

export const TREE_DB_NAME = "checkin-explain";

interface TreeDb extends DBSchema {
  files: { key: string; value: { key: string; name: string; bytes: ArrayBuffer }; indexes: { name: string } };
}

export class IdbTreeFileCache implements TreeFileCache {
  // Another tab upgrading, or site data cleared: the helper lets go and reopens on the next access.
  private readonly database = openDatabase<TreeDb>({
    name: TREE_DB_NAME,
    upgrades: [(database) => void database.createObjectStore("files", { keyPath: "key" }).createIndex("name", "name")],
  });

  private db(): Promise<IDBPDatabase<TreeDb>> {
    return this.database.connection();
  }

  async get(key: string) {
    const record = await (await this.db()).get("files", key);
    return record ? new Uint8Array(record.bytes) : undefined;
  }

  async put(key: string, name: string, bytes: Uint8Array) {
    const tx = (await this.db()).transaction("files", "readwrite");
    const stale = (await tx.store.index("name").getAllKeys(name)).filter((k) => k !== key);
    await Promise.all([...stale.map((k) => tx.store.delete(k)), tx.store.put({ key, name, bytes: bytes.slice().buffer }), tx.done]);
  }

  async delete(key: string) {
    await (await this.db()).delete("files", key);
  }

  async clear() {
    await (await this.db()).clear("files");
  }
}

/** When IndexedDB is unavailable (private windows): this visit only. */
export class MemoryTreeFileCache implements TreeFileCache {
  private readonly files = new Map<string, { name: string; bytes: Uint8Array }>();
  async get(key: string) {
    return this.files.get(key)?.bytes;
  }
  async put(key: string, name: string, bytes: Uint8Array) {
    for (const [k, v] of this.files) if (v.name === name) this.files.delete(k);
    this.files.set(key, { name, bytes });
  }
  async delete(key: string) {
    this.files.delete(key);
  }
  async clear() {
    this.files.clear();
  }
}
