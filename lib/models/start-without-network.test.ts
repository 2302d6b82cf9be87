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
