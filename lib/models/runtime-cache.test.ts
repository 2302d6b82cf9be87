import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { beforeEach, describe, expect, it } from "vitest";
import { buildFixtureSet } from "@/e2e/fixtures/fixture-models";
import { RuntimeDownloadError, RuntimeIntegrityError } from "./errors";
import { sha256Hex } from "./hash";
import type { RuntimePin } from "./ort-runtime-pin";
import { ModelRegistry } from "./registry";
import { clearRuntimeWasm, loadRuntimeWasm } from "./runtime-cache";
import { fakeServer, fakeSessions } from "@/tests/support/model-fakes";
import { SimLockManager } from "@/tests/sim/device-fakes";
import { MemoryUsageStore } from "./usage-store";

const WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 9, 9, 9]);
const ALTERED = WASM.map((b, i) => (i === 8 ? 8 : b)); // same length, one byte changed

async function pinOf(bytes: Uint8Array, version = "1.30.0"): Promise<RuntimePin> {
  return { version, url: "/ort/x.wasm", bytes: bytes.length, sha256: await sha256Hex(bytes) };
}

/** Serves `bodies` in turn (the last one again once they run out), recording each request's cache mode. */
function server(...bodies: Uint8Array[]) {
  const calls: { url: string; cache: RequestCache | undefined }[] = [];
  const fetchImpl = (async (url: string, init?: RequestInit) => {
    const body = bodies[Math.min(calls.length, bodies.length - 1)]!;
    calls.push({ url, cache: init?.cache });
    return new Response(body.slice(), { headers: { "Content-Type": "application/wasm" } });
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

/** Overwrites the stored runtime's bytes, as disk damage or another build's copy would. */
async function damageStoredCopy(bytes: Uint8Array): Promise<void> {
  const open = indexedDB.open("checkin-ort-runtime");
  const db = await new Promise<IDBDatabase>((resolve) => (open.onsuccess = () => resolve(open.result)));
  const tx = db.transaction("wasm", "readwrite");
  const store = tx.objectStore("wasm");
  const cursor = store.openCursor();
  cursor.onsuccess = () => {
    const c = cursor.result;
    if (!c) return;
    c.update({ ...c.value, bytes: bytes.slice().buffer });
    c.continue();
  };
  await new Promise((resolve) => (tx.oncomplete = resolve));
  db.close();
}

/** The stored record's `bytes` value as IndexedDB holds it. */
async function storedValue(): Promise<unknown> {
  const db: IDBDatabase = await new Promise((resolve, reject) => {
    const request = indexedDB.open("checkin-ort-runtime");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const all: { bytes: unknown }[] = await new Promise((resolve) => {
    const request = db.transaction("wasm").objectStore("wasm").getAll();
    request.onsuccess = () => resolve(request.result);
  });
  db.close();
  return all[0]?.bytes;
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe("loadRuntimeWasm", () => {
  it("fetches once, then serves the runtime from IndexedDB", async () => {
    const pin = await pinOf(WASM);
    const s = server(WASM);
    expect(new Uint8Array(await loadRuntimeWasm(pin, s.fetchImpl))).toEqual(WASM);
    expect(new Uint8Array(await loadRuntimeWasm(pin, s.fetchImpl))).toEqual(WASM);
    expect(s.calls).toHaveLength(1);
  });

  it("refuses bytes that are not the pinned runtime: one reload past the HTTP cache, then RuntimeIntegrityError, nothing stored", async () => {
    const pin = await pinOf(WASM);
    const bad = server(ALTERED);
    await expect(loadRuntimeWasm(pin, bad.fetchImpl)).rejects.toBeInstanceOf(RuntimeIntegrityError);
    expect(bad.calls.map((c) => c.cache)).toEqual(["no-cache", "reload"]);
    const html = server(new TextEncoder().encode("<!doctype html>"));
    await expect(loadRuntimeWasm(pin, html.fetchImpl)).rejects.toThrow(/not the one this app was built with/);
    const good = server(WASM);
    await loadRuntimeWasm(pin, good.fetchImpl);
    expect(good.calls).toHaveLength(1); // nothing bad was stored in between
  });

  it("recovers when the reload brings the right bytes (a poisoned HTTP cache)", async () => {
    const pin = await pinOf(WASM);
    const s = server(ALTERED, WASM);
    expect(new Uint8Array(await loadRuntimeWasm(pin, s.fetchImpl))).toEqual(WASM);
    expect(s.calls.map((c) => c.cache)).toEqual(["no-cache", "reload"]);
  });

  it("checks the stored copy before every use: an altered copy is purged and fetched again", async () => {
    const pin = await pinOf(WASM);
    const s = server(WASM);
    await loadRuntimeWasm(pin, s.fetchImpl);
    await damageStoredCopy(ALTERED);
    expect(new Uint8Array(await loadRuntimeWasm(pin, s.fetchImpl))).toEqual(WASM);
    await damageStoredCopy(WASM.slice(0, 5)); // truncated
    expect(new Uint8Array(await loadRuntimeWasm(pin, s.fetchImpl))).toEqual(WASM);
    expect(s.calls).toHaveLength(3);
    // And the refetched copy is good again: no further request.
    await loadRuntimeWasm(pin, s.fetchImpl);
    expect(s.calls).toHaveLength(3);
  });

  it("stores the runtime as a Blob, and still uses a good copy an earlier build stored as an ArrayBuffer", async () => {
    const pin = await pinOf(WASM);
    const s = server(WASM);
    await loadRuntimeWasm(pin, s.fetchImpl);
    const stored = await storedValue();
    expect(stored).toBeInstanceOf(Blob);
    await damageStoredCopy(WASM); // the same bytes, as the ArrayBuffer an earlier build wrote
    expect(await storedValue()).toBeInstanceOf(ArrayBuffer);
    expect(new Uint8Array(await loadRuntimeWasm(pin, s.fetchImpl))).toEqual(WASM);
    expect(s.calls).toHaveLength(1);
  });

  it("fetches again for a new onnxruntime version, and a new pin never accepts the old copy", async () => {
    const s = server(WASM);
    await loadRuntimeWasm(await pinOf(WASM, "1.30.0"), s.fetchImpl);
    await loadRuntimeWasm(await pinOf(WASM, "1.31.0"), s.fetchImpl);
    expect(s.calls).toHaveLength(2);
    // Same version, other bytes pinned (a rebuilt wasm): the stored copy does not match and is replaced.
    const other = server(ALTERED);
    expect(new Uint8Array(await loadRuntimeWasm(await pinOf(ALTERED, "1.31.0"), other.fetchImpl))).toEqual(ALTERED);
    expect(other.calls).toHaveLength(1);
  });

  it("still returns the verified runtime when IndexedDB refuses to open", async () => {
    const original = IDBFactory.prototype.open;
    IDBFactory.prototype.open = () => {
      throw new DOMException("denied", "SecurityError");
    };
    try {
      const s = server(WASM);
      expect(new Uint8Array(await loadRuntimeWasm(await pinOf(WASM), s.fetchImpl))).toEqual(WASM);
    } finally {
      IDBFactory.prototype.open = original;
    }
  });

  it("fails with RuntimeDownloadError offline with no stored copy", async () => {
    const offline = (async () => {
      throw new TypeError("Failed to fetch");
    }) as typeof fetch;
    await expect(loadRuntimeWasm(await pinOf(WASM), offline)).rejects.toBeInstanceOf(RuntimeDownloadError);
  });

  it("is cleared by clearRuntimeWasm and by the registry's Clear all", async () => {
    const pin = await pinOf(WASM);
    const s = server(WASM);
    await loadRuntimeWasm(pin, s.fetchImpl);
    await clearRuntimeWasm();
    await loadRuntimeWasm(pin, s.fetchImpl);
    expect(s.calls).toHaveLength(2);

    const set = buildFixtureSet({ scale: 0.01 });
    const models = fakeServer(new Map(set.files), JSON.stringify(set.manifest));
    const registry = new ModelRegistry({ baseUrl: "http://test/models/", fetch: models.fetch, sessionFactory: fakeSessions().factory, usage: new MemoryUsageStore(), preload: "none", revalidateIntervalMs: 0 });
    await registry.manifest();
    await registry.clear("lgbm_multiclass_v1"); // one model: the runtime stays
    await loadRuntimeWasm(pin, s.fetchImpl);
    expect(s.calls).toHaveLength(2);
    await registry.clear(); // all: the runtime goes too
    await loadRuntimeWasm(pin, s.fetchImpl);
    expect(s.calls).toHaveLength(3);
  });
});

describe("loadRuntimeWasm across tabs", () => {
  it("two tabs starting at once download the runtime once: the second waits for the first's lock, then reads its copy", async () => {
    const locks = new SimLockManager();
    const pin = await pinOf(WASM);
    const s = server(WASM);
    const original = Object.getOwnPropertyDescriptor(globalThis, "navigator");
    // One process plays both tabs, so each load runs under the lock manager of the tab it stands for.
    const asTab = (tab: string) => {
      Object.defineProperty(globalThis, "navigator", { value: { locks: locks.forTab(tab) }, configurable: true });
      return loadRuntimeWasm(pin, s.fetchImpl);
    };
    try {
      const [a, b] = await Promise.all([asTab("a"), asTab("b")]);
      expect(new Uint8Array(a)).toEqual(WASM);
      expect(new Uint8Array(b)).toEqual(WASM);
      expect(s.calls).toHaveLength(1);
    } finally {
      if (original) Object.defineProperty(globalThis, "navigator", original);
      else delete (globalThis as { navigator?: unknown }).navigator;
    }
  });
});
