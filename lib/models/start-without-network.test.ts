import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { beforeEach, describe, expect, it } from "vitest";
import { buildFixtureSet } from "@/e2e/fixtures/fixture-models";
import { sha256Hex } from "./hash";
import type { RuntimePin } from "./ort-runtime-pin";
import { ModelRegistry } from "./registry";
import { clearRuntimeWasm, isRuntimeStored, loadRuntimeWasm } from "./runtime-cache";
import { fakeServer, fakeSessions } from "@/tests/support/model-fakes";
import { MemoryUsageStore } from "./usage-store";

/**
 * A returning person's start at idle (issue 20, item 1): the registry starts the runtime and the five sessions before
 * the first focus only when nothing of it needs the network — the runtime and every model already verified and stored.
 */
const BASE = "http://test/models/";
const WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 7]);

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

function setup(runtimeStored: () => Promise<boolean>) {
  const set = buildFixtureSet({ scale: 0.01 });
  const server = fakeServer(new Map(set.files), JSON.stringify(set.manifest), { dropAt: new Map() });
  const sessions = fakeSessions();
  const registry = new ModelRegistry({
    baseUrl: BASE,
    fetch: server.fetch,
    sessionFactory: Object.assign(sessions.factory, { isStored: runtimeStored }),
    usage: new MemoryUsageStore(),
    preload: "none",
    revalidateIntervalMs: 0,
  });
  const modelRequests = () => server.requests.filter((r) => !r.url.endsWith("manifest.json"));
  return { registry, sessions, modelRequests };
}

describe("ModelRegistry.storedLocally", () => {
  it("is false on a first visit and reads no model byte to say so", async () => {
    const { registry, modelRequests } = setup(async () => true);
    expect(await registry.storedLocally()).toBe(false);
    expect(modelRequests()).toHaveLength(0);
  });

  it("is true once every model of the manifest is stored and the runtime is", async () => {
    const { registry } = setup(async () => true);
    await registry.loadAll();
    expect(await registry.storedLocally()).toBe(true);
  });

  it("is false while one model is missing", async () => {
    const { registry } = setup(async () => true);
    await registry.loadAll();
    await registry.clear("lgbm_burnout_v1");
    expect(await registry.storedLocally()).toBe(false);
  });

  it("is false while the runtime is not stored, even with every model", async () => {
    const { registry } = setup(async () => false);
    await registry.loadAll();
    expect(await registry.storedLocally()).toBe(false);
  });
});

describe("isRuntimeStored", () => {
  async function pin(bytes: Uint8Array): Promise<RuntimePin> {
    return { version: "1.30.0", url: "/ort/x.wasm", bytes: bytes.length, sha256: await sha256Hex(bytes) };
  }
  const serve = (bytes: Uint8Array) => (async () => new Response(bytes.slice())) as unknown as typeof fetch;

  it("says whether the pinned runtime is stored, without reading its bytes", async () => {
    const p = await pin(WASM);
    expect(await isRuntimeStored(p)).toBe(false);
    await loadRuntimeWasm(p, serve(WASM));
    expect(await isRuntimeStored(p)).toBe(true);
    await clearRuntimeWasm();
    expect(await isRuntimeStored(p)).toBe(false);
  });

  it("is false for another pin (a new build's runtime is not stored yet)", async () => {
    await loadRuntimeWasm(await pin(WASM), serve(WASM));
    const other = WASM.map((b, i) => (i === 8 ? 8 : b));
    expect(await isRuntimeStored(await pin(other))).toBe(false);
  });
});

describe("a returning person's runtime starts without waiting for the manifest (issue 20)", () => {
  /** Red at once, not after the test's timeout, when `promise` waits for the manifest held back below. */
  const beforeTheManifest = <T>(promise: Promise<T>) =>
    Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("waited for the manifest")), 2000))]);

  /** The manifest's response held back until `release()`: a slow link, or a server that has not answered yet. */
  function slowManifest() {
    const set = buildFixtureSet({ scale: 0.01 });
    const server = fakeServer(new Map(set.files), JSON.stringify(set.manifest), { dropAt: new Map() });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const fetchImpl = (async (url: RequestInfo | URL, init?: RequestInit) => {
      if (String(url).endsWith("manifest.json")) await held;
      return server.fetch(url, init);
    }) as typeof fetch;
    const calls: string[] = [];
    let isStoredCalled!: () => void;
    const askedIfStored = new Promise<void>((resolve) => (isStoredCalled = resolve));
    const sessions = fakeSessions();
    const make = (stored: boolean) =>
      new ModelRegistry({
        baseUrl: BASE,
        fetch: fetchImpl,
        sessionFactory: Object.assign(sessions.factory, {
          isStored: async () => {
            calls.push("isStored");
            isStoredCalled();
            return stored;
          },
          prepare: async () => void calls.push("prepare"),
        }),
        usage: new MemoryUsageStore(),
        preload: "none",
        revalidateIntervalMs: 0,
      });
    return { make, calls, release, server, askedIfStored };
  }

  it("startRuntimeIfStored starts a stored runtime while the manifest is still on its way, and fetches nothing", async () => {
    const { make, calls, release, server } = slowManifest();
    expect(await beforeTheManifest(make(true).startRuntimeIfStored())).toBe(true);
    expect(calls).toEqual(["isStored", "prepare"]);
    expect(server.requests).toHaveLength(0);
    release();
  });

  it("startRuntimeIfStored leaves a runtime that is not stored alone (it would need the network)", async () => {
    const { make, calls, release } = slowManifest();
    expect(await beforeTheManifest(make(false).startRuntimeIfStored())).toBe(false);
    expect(calls).toEqual(["isStored"]);
    release();
  });

  it("storedLocally reads the runtime's record while the manifest is still on its way", async () => {
    const { make, calls, release, askedIfStored } = slowManifest();
    const answer = make(true).storedLocally();
    await beforeTheManifest(askedIfStored);
    expect(calls).toEqual(["isStored"]);
    release();
    expect(await answer).toBe(false); // nothing stored yet: a first visit
  });
});
