import { type IDBPDatabase, openDB } from "idb";
import { sha256Hex } from "./hash";

const DB_NAME = "checkin-ort-runtime";
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

type RuntimeRecord = { version: string; sha256: string; bytes: ArrayBuffer; storedAt: number };

type RuntimeDb = IDBPDatabase<{ wasm: { key: string; value: RuntimeRecord } }>;

/** Undefined where IndexedDB is missing or refuses to open (it may throw synchronously, as in some private modes). */
async function openRuntimeDb(): Promise<RuntimeDb | undefined> {
  try {
    if (typeof indexedDB === "undefined" || !indexedDB) return undefined;
    return await openDB<{ wasm: { key: string; value: RuntimeRecord } }>(DB_NAME, 1, {
      upgrade(database) {
        database.createObjectStore("wasm", { keyPath: "version" });
      },
    });
  } catch {
    return undefined;
  }
}

/**
 * onnxruntime's wasm (14 MB) kept in IndexedDB per onnxruntime version, like the models: a new page (or an offline
 * start) then instantiates it without the network. The HTTP cache is no substitute: browsers may refuse or drop an
 * entry this large (Chromium's in-memory cache of private windows does), and it is not available offline.
 *
 * Integrity: the bytes must start with the wasm magic number, and a stored copy must still match the SHA-256 taken
 * when it was stored (a damaged entry is dropped and fetched again). Any failure returns undefined: the caller falls
 * back to letting onnxruntime fetch the file itself.
 */
export async function loadRuntimeWasm(version: string, url: string, fetchImpl: typeof fetch = fetch): Promise<ArrayBuffer | undefined> {
  const db = await openRuntimeDb();
  try {
    const stored = await db?.get("wasm", version).catch(() => undefined);
    if (stored && (await sha256Hex(new Uint8Array(stored.bytes))) === stored.sha256) return stored.bytes;
    if (stored) await db?.delete("wasm", version).catch(() => undefined);

    const response = await fetchImpl(url);
    if (!response.ok) return undefined;
    const bytes = await response.arrayBuffer();
    const head = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength));
    if (!WASM_MAGIC.every((b, i) => head[i] === b)) return undefined; // an error page, not the runtime
    if (db) {
      try {
        const sha256 = await sha256Hex(new Uint8Array(bytes));
        // Older runtimes are of no use once the app moved on.
        const tx = db.transaction("wasm", "readwrite");
        for (const key of await tx.store.getAllKeys()) if (key !== version) await tx.store.delete(key);
        await tx.store.put({ version, sha256, bytes, storedAt: Date.now() });
        await tx.done;
      } catch {
        // Quota or storage errors: the runtime works this time and is fetched again next time.
      }
    }
    return bytes;
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}
