import { openDatabase } from "@/lib/idb/open-database";
import { withCrossTabLock } from "./cross-tab-lock";
import { RuntimeDownloadError, RuntimeIntegrityError } from "./errors";
import { sha256Hex } from "./hash";
import type { RuntimePin } from "./ort-runtime-pin";

const DB_NAME = "checkin-ort-runtime";

/** `bytes` is a Blob since 2026-11 (2.8× faster to read back than a 14 MB ArrayBuffer, see idb-model-cache.ts). */
type RuntimeRecord = { version: string; sha256: string; bytes: Blob | ArrayBuffer; storedAt: number };

type RuntimeSchema = { wasm: { key: string; value: RuntimeRecord } };

/**
 * A connection of its own for each use, closed when the use is done (a runtime is loaded once per page), so nothing
 * holds this database open in between. `connection()` rejects where IndexedDB is missing or refuses to open.
 */
const runtimeDatabase = () => openDatabase<RuntimeSchema>({ name: DB_NAME, upgrades: [(db) => void db.createObjectStore("wasm", { keyPath: "version" })] });

/** The record's bytes; undefined when a stored Blob can no longer be read (its file gone): treated as a miss. */
async function bytesOf(value: Blob | ArrayBuffer): Promise<ArrayBuffer | undefined> {
  if (!(value instanceof Blob)) return value;
  try {
    return await value.arrayBuffer();
  } catch {
    return undefined;
  }
}

/** The SHA-256 of bytes that are the pinned runtime, or a description of why they are not. */
async function check(pin: RuntimePin, bytes: ArrayBuffer): Promise<{ ok: boolean; actual: string }> {
  // The length first: an error page or a truncated copy is told apart without hashing 14 MB.
  if (bytes.byteLength !== pin.bytes) return { ok: false, actual: `length ${bytes.byteLength}` };
  const actual = await sha256Hex(new Uint8Array(bytes));
  return { ok: actual === pin.sha256, actual };
}

async function download(pin: RuntimePin, fetchImpl: typeof fetch, cache: RequestCache): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetchImpl(pin.url, { cache });
  } catch (error) {
    throw new RuntimeDownloadError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  if (!response.ok) throw new RuntimeDownloadError(`the server answered HTTP ${response.status} for ${pin.url}`);
  return response.arrayBuffer();
}

/**
 * onnxruntime's wasm (14 MB), pinned to the SHA-256 the build recorded (scripts/copy-ort-wasm.mjs), kept in IndexedDB as
 * the one copy this origin holds: the service worker does not precache it (a first visit would pay 3.7 MB for nothing),
 * so it is also what runs offline. The HTTP cache is no substitute: browsers may drop an entry this large, and it is not
 * there offline.
 *
 * Checked before it is stored and before every use: a stored copy that no longer matches the pin (damaged, or left by
 * another build) is purged and fetched again; downloaded bytes that do not match are fetched once more past the HTTP
 * cache, then refused with RuntimeIntegrityError — unverified bytes are never handed to onnxruntime. Storage failures
 * are not errors: the verified bytes are returned and fetched again next time.
 */
export async function loadRuntimeWasm(pin: RuntimePin, fetchImpl: typeof fetch = fetch): Promise<ArrayBuffer> {
  const database = runtimeDatabase();
  const db = await database.connection().catch(() => undefined);
  try {
    const stored = await readVerified(db, pin);
    if (stored) return stored;
    // One download across tabs (as for models, cross-tab-lock.ts): a second tab waits, then finds the first one's copy.
    return await withCrossTabLock(`checkin-ort-runtime:${pin.sha256}`, async () => (await readVerified(db, pin)) ?? (await downloadAndStore(db, pin, fetchImpl)));
  } finally {
    await database.close();
  }
}

type RuntimeDb = Awaited<ReturnType<ReturnType<typeof runtimeDatabase>["connection"]>>;

/** The stored copy when it is the pinned runtime; a copy that is not is purged. */
async function readVerified(db: RuntimeDb | undefined, pin: RuntimePin): Promise<ArrayBuffer | undefined> {
  const stored = await db?.get("wasm", pin.version).catch(() => undefined);
  const storedBytes = stored && stored.sha256 === pin.sha256 ? await bytesOf(stored.bytes) : undefined;
  if (storedBytes && (await check(pin, storedBytes)).ok) return storedBytes;
  if (stored) await db?.delete("wasm", pin.version).catch(() => undefined);
  return undefined;
}

/** Downloads the pinned runtime (one reload past the HTTP cache on wrong bytes) and stores it, replacing older ones. */
async function downloadAndStore(db: RuntimeDb | undefined, pin: RuntimePin, fetchImpl: typeof fetch): Promise<ArrayBuffer> {
  // "no-cache": revalidated (a 304 when unchanged); the retry reloads, in case the HTTP cache holds the bad copy.
  let bytes = await download(pin, fetchImpl, "no-cache");
  let verdict = await check(pin, bytes);
  if (!verdict.ok) {
    bytes = await download(pin, fetchImpl, "reload");
    verdict = await check(pin, bytes);
    if (!verdict.ok) throw new RuntimeIntegrityError(pin.sha256, verdict.actual);
  }
  if (db) {
    try {
      // Older runtimes are of no use once the app moved on.
      const tx = db.transaction("wasm", "readwrite");
      for (const key of await tx.store.getAllKeys()) if (key !== pin.version) await tx.store.delete(key);
      await tx.store.put({ version: pin.version, sha256: pin.sha256, bytes: new Blob([bytes]), storedAt: Date.now() });
      await tx.done;
    } catch {
      // Quota or storage errors: the runtime works this time and is fetched again next time.
    }
  }
  return bytes;
}

/**
 * Whether the pinned runtime is stored on this device (its record names the pin's SHA-256): a start that needs no
 * network. Reads the record, not its 14 MB (a Blob handle); the bytes are still checked against the pin when loaded.
 */
export async function isRuntimeStored(pin: RuntimePin): Promise<boolean> {
  const database = runtimeDatabase();
  try {
    const db = await database.connection().catch(() => undefined);
    const stored = await db?.get("wasm", pin.version).catch(() => undefined);
    return stored?.sha256 === pin.sha256;
  } finally {
    await database.close();
  }
}

/** Deletes the stored runtime ("Clear all" on the Models page): the next use downloads it again. */
export async function clearRuntimeWasm(): Promise<void> {
  const database = runtimeDatabase();
  try {
    await (await database.connection().catch(() => undefined))?.clear("wasm");
  } finally {
    await database.close();
  }
}
