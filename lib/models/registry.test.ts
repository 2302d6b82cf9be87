import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { beforeEach, describe, expect, it } from "vitest";
import { buildFixtureSet } from "@/e2e/fixtures/fixture-models";
import { ModelDownloadError, ModelIntegrityError, ModelNotFoundError } from "./errors";
import { IdbModelCache } from "./idb-model-cache";
import { cacheKey, MemoryModelCache, type ModelCache } from "./model-cache";
import { ModelRegistry, type RegistryOptions } from "./registry";
import { type FakeServerOptions, fakeServer, fakeSessions } from "@/tests/support/model-fakes";
import { MemoryUsageStore } from "./usage-store";

const BASE = "http://test/models/";
const MC = "lgbm_multiclass_v1";

function setup(opts: Partial<RegistryOptions> & { ranges?: boolean; intercept?: FakeServerOptions["intercept"] } = {}) {
  const set = buildFixtureSet({ scale: 0.01 });
  const server = fakeServer(new Map(set.files), JSON.stringify(set.manifest), { ranges: opts.ranges, intercept: opts.intercept, dropAt: new Map() });
  const sessions = fakeSessions();
  const make = (extra: Partial<RegistryOptions> = {}) =>
    new ModelRegistry({
      baseUrl: BASE,
      fetch: server.fetch,
      sessionFactory: sessions.factory,
      usage: new MemoryUsageStore(),
      preload: "none",
      revalidateIntervalMs: 0,
      ...opts,
      ...extra,
    });
  const modelRequests = () => server.requests.filter((r) => !r.url.endsWith("manifest.json"));
  return { set, server, sessions, registry: make(), make, modelRequests };
}

/** Fails instead of hanging: a deadlocked load must turn the test red, not time the run out. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms))]);
}

beforeEach(() => {
  // A fresh, empty IndexedDB per test.
  globalThis.indexedDB = new IDBFactory();
});

describe("ModelRegistry", () => {
  it("reads only the manifest until a model is asked for", async () => {
    const { registry, server } = setup();
    const manifest = await registry.manifest();
    expect(manifest.models).toHaveLength(5);
    expect(server.requests.map((r) => r.url)).toEqual([`${BASE}manifest.json`]);
    expect(registry.statuses().map((s) => s.phase)).toEqual(Array(5).fill("not-loaded"));
  });

  it("shares one load among ten concurrent first calls, then answers from memory", async () => {
    const { registry, sessions, modelRequests } = setup();
    const models = await Promise.all(Array.from({ length: 10 }, () => registry.get(MC)));
    expect(new Set(models).size).toBe(1);
    expect(modelRequests()).toHaveLength(1);
    expect(sessions.created).toEqual([`${MC}@1.0.0`]);
    await registry.get(MC);
    expect(modelRequests()).toHaveLength(1);
    expect(registry.status(MC)).toMatchObject({ phase: "ready", persisted: true });
  });

  it("verifies the decompressed bytes of the gzip variant it downloads", async () => {
    const { registry, modelRequests, set } = setup();
    const model = await registry.get(MC);
    expect(modelRequests()[0]?.url).toMatch(/\.onnx\.gz$/);
    const entry = set.manifest.models.find((m) => m.name === MC)!;
    expect((await model.run(new Float32Array(8))).value).toBe(entry.bytes);
  });

  it("starts the runtime first: no model byte is read or fetched until the runtime's own bytes are in hand", async () => {
    let runtimeReady!: () => void;
    const runtime = new Promise<void>((resolve) => (runtimeReady = resolve));
    const { sessions, make, modelRequests } = setup();
    const factory = Object.assign(sessions.factory, { prepare: () => runtime });
    const registry = make({ sessionFactory: factory });
    const loading = registry.loadAll();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(modelRequests()).toHaveLength(0);
    runtimeReady();
    await withTimeout(loading, 5000);
    expect(modelRequests()).toHaveLength(5);
  });

  it("still loads the models when the runtime fails to start early (the session creation reports it)", async () => {
    const { sessions, make } = setup();
    const factory = Object.assign(sessions.factory, { prepare: () => Promise.reject(new Error("offline")) });
    await expect(make({ sessionFactory: factory }).get(MC)).resolves.toBeTruthy();
  });

  it("forgets a failed load so the next call retries", async () => {
    let fail = true;
    const { registry } = setup({ intercept: (url) => (fail && url.endsWith(".gz") ? new Response("oops", { status: 500 }) : undefined) });
    await expect(registry.get(MC)).rejects.toBeInstanceOf(ModelDownloadError);
    expect(registry.status(MC).phase).toBe("error");
    expect(registry.status(MC).error).toMatch(/HTTP 500/);
    fail = false;
    await expect(registry.get(MC)).resolves.toBeTruthy();
  });

  it("throws ModelNotFoundError naming the known models", async () => {
    const { registry } = setup();
    await expect(registry.get("nope")).rejects.toThrow(ModelNotFoundError);
    await expect(registry.get("nope")).rejects.toThrow(/lgbm_burnout_v1/);
  });

  it("never caches an HTML page served with status 200", async () => {
    const { registry } = setup({
      intercept: (url) => (url.endsWith(".gz") ? new Response("<!doctype html><p>hi</p>", { headers: { "Content-Type": "text/html" } }) : undefined),
    });
    await expect(registry.get(MC)).rejects.toThrow(/web page/);
    const cache = await IdbModelCache.open();
    expect(await cache.list()).toEqual([]);
  });

  it("refetches once on a hash mismatch, then fails with ModelIntegrityError", async () => {
    const { registry, modelRequests, set } = setup({ compressed: false });
    const entry = set.manifest.models.find((m) => m.name === MC)!;
    // Same length, different bytes: only the hash can tell.
    const bad = new Uint8Array(entry.bytes).fill(7);
    const reg2 = setup({ compressed: false, intercept: (url) => (url.endsWith(entry.file) ? new Response(bad) : undefined) });
    await expect(reg2.registry.get(MC)).rejects.toBeInstanceOf(ModelIntegrityError);
    expect(reg2.modelRequests()).toHaveLength(2);
    // The retry must not be answered from the HTTP cache (model URLs are immutable: a bad entry would stay forever).
    expect(reg2.modelRequests().map((r) => r.cache)).toEqual(["default", "reload"]);
    expect(await (await IdbModelCache.open()).list()).toEqual([]);
    // And the healthy registry of the first setup still loads.
    await registry.get(MC);
    expect(modelRequests()).toHaveLength(1);
  });

  it("discards a corrupted or truncated cache entry and refetches", async () => {
    const first = setup();
    await first.registry.get(MC);
    const cache = await IdbModelCache.open();
    const key = cacheKey(first.set.manifest.models.find((m) => m.name === MC)!);
    const stored = (await cache.get(key))!;
    stored.bytes[100] = (stored.bytes[100] ?? 0) ^ 0xff;
    await cache.put(stored.info, stored.bytes);

    const second = setup();
    await second.registry.get(MC);
    expect(second.modelRequests()).toHaveLength(1);

    await cache.put(stored.info, stored.bytes.slice(0, 1000)); // truncated
    const third = setup();
    await third.registry.get(MC);
    expect(third.modelRequests()).toHaveLength(1);
    expect((await cache.get(key))!.bytes.length).toBe(stored.bytes.length);
  });

  it("reads a good cache entry with no network request (a reload)", async () => {
    const first = setup();
    await first.registry.get(MC);
    const second = setup();
    await second.registry.get(MC);
    expect(second.modelRequests()).toHaveLength(0);
  });

  it.each([0.1, 0.5, 0.9])("resumes a download dropped at %s with a Range request", async (fraction) => {
    const { set } = setup({ compressed: false });
    const entry = set.manifest.models.find((m) => m.name === MC)!;
    const drops = new Map([[entry.file, fraction]]);
    const dropping = fakeServer(new Map(set.files), JSON.stringify(set.manifest), { dropAt: drops });
    const flaky = new ModelRegistry({ baseUrl: BASE, fetch: dropping.fetch, sessionFactory: fakeSessions().factory, usage: new MemoryUsageStore(), preload: "none", revalidateIntervalMs: 0, compressed: false });
    await expect(flaky.get(MC)).rejects.toThrow(/broke off/);
    expect(await (await IdbModelCache.open()).list()).toEqual([]); // nothing poisoned
    await flaky.get(MC);
    const fileRequests = dropping.requests.filter((r) => r.url.endsWith(entry.file));
    expect(fileRequests).toHaveLength(2);
    expect(fileRequests[1]?.range).toBe(`bytes=${Math.floor(entry.bytes * fraction)}-`);
  });

  it("falls back to a full download when the server ignores Range", async () => {
    const set = buildFixtureSet({ scale: 0.01 });
    const entry = set.manifest.models.find((m) => m.name === MC)!;
    const cut = Math.floor(entry.bytes * 0.5);
    const server = fakeServer(new Map(set.files), JSON.stringify(set.manifest), { ranges: false, dropAt: new Map([[entry.file, 0.5]]) });
    const registry = new ModelRegistry({ baseUrl: BASE, fetch: server.fetch, sessionFactory: fakeSessions().factory, usage: new MemoryUsageStore(), preload: "none", revalidateIntervalMs: 0, compressed: false });
    await expect(registry.get(MC)).rejects.toThrow(/broke off/);
    const model = await registry.get(MC);
    const fileRequests = server.requests.filter((r) => r.url.endsWith(entry.file));
    // The retry asked to resume, the server ignored it (200, whole file), and the whole file is what was kept.
    expect(fileRequests.map((r) => [r.range, r.status])).toEqual([
      [null, 200],
      [`bytes=${cut}-`, 200],
    ]);
    expect((await model.run(new Float32Array(8))).value).toBe(entry.bytes);
    expect(registry.status(MC).phase).toBe("ready");
    expect(await (await IdbModelCache.open()).getPartial(`${BASE}${entry.file}`)).toBeUndefined();
  });

  it("cancels a load with an AbortSignal and keeps the bytes already received", async () => {
    const set = buildFixtureSet({ scale: 0.01 });
    const entry = set.manifest.models.find((m) => m.name === MC)!;
    const server = fakeServer(new Map(set.files), JSON.stringify(set.manifest), { stallAt: new Map([[entry.file, 0.4]]) });
    const registry = new ModelRegistry({ baseUrl: BASE, fetch: server.fetch, sessionFactory: fakeSessions().factory, usage: new MemoryUsageStore(), preload: "none", revalidateIntervalMs: 0, compressed: false });
    const controller = new AbortController();
    const received = Math.floor(entry.bytes * 0.4);
    // Abort only once bytes arrived (the server holds the rest back until the request is aborted).
    const unsubscribe = registry.subscribe(() => {
      if (registry.status(MC).loadedBytes >= received) controller.abort();
    });
    await expect(registry.get(MC, { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
    unsubscribe();
    expect(registry.status(MC).phase).toBe("not-loaded");
    const partial = await (await IdbModelCache.open()).getPartial(`${BASE}${entry.file}`);
    expect(partial?.received.length).toBe(received);
    // The next load asks only for the rest.
    await expect(registry.get(MC)).resolves.toBeTruthy();
    const fileRequests = server.requests.filter((r) => r.url.endsWith(entry.file));
    expect(fileRequests.map((r) => [r.range, r.status])).toEqual([
      [null, 200],
      [`bytes=${received}-`, 206],
    ]);
  });

  it("an AbortSignal already aborted rejects at once and fetches nothing", async () => {
    const { registry, modelRequests } = setup();
    const controller = new AbortController();
    controller.abort();
    await expect(registry.get(MC, { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
    expect(modelRequests()).toHaveLength(0);
  });

  it("one caller aborting does not cancel another caller's load", async () => {
    const { registry } = setup();
    const controller = new AbortController();
    const a = registry.get(MC, { signal: controller.signal });
    const b = registry.get(MC);
    controller.abort();
    await expect(a).rejects.toMatchObject({ name: "AbortError" });
    await expect(b).resolves.toBeTruthy();
  });

  it("keeps one live session per model and releases none while the manifest stands (no memory budget, see SessionPool)", async () => {
    const { registry, sessions, set } = setup();
    await registry.loadAll();
    await registry.get(MC);
    expect(registry.liveModels().sort()).toEqual(set.manifest.models.map((m) => m.name).sort());
    expect(sessions.created).toHaveLength(5);
    expect(sessions.released).toEqual([]);
  });

  it("hot-reloads a new manifest version: next get() uses it, old session released, old cache entry deleted", async () => {
    const { registry, server, sessions } = setup();
    const old = await registry.get(MC);
    const v2 = buildFixtureSet({ scale: 0.01, version: "2.0.0" });
    for (const [name, bytes] of v2.files) server.setFile(name, bytes);
    server.setManifest(JSON.stringify(v2.manifest));
    expect(await registry.revalidate()).toBe(true);
    expect(sessions.released).toContain(`${MC}@1.0.0`);
    const next = await registry.get(MC);
    expect(next.entry.version).toBe("2.0.0");
    // A handle of the old version keeps working, on the new session.
    await expect(old.run(new Float32Array(8))).resolves.toBeTruthy();
    await new Promise((r) => setTimeout(r, 20));
    const keys = (await (await IdbModelCache.open()).list()).map((i) => i.version);
    expect(keys).toEqual(["2.0.0"]);
    expect(await registry.revalidate()).toBe(false);
  });

  it("a new manifest in the middle of a load (this model unchanged): the load resolves on the same session", async () => {
    const { set, server, make } = setup();
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const created: string[] = [];
    const factory = fakeSessions().factory;
    const slow: RegistryOptions["sessionFactory"] = async (bytes, entry) => {
      created.push(entry.version);
      await gate;
      return factory(bytes, entry);
    };
    const registry = make({ sessionFactory: slow });
    const loading = registry.get(MC);
    await expect.poll(() => created.length).toBe(1);
    // A deploy changes another model only: the manifest's text changes, MC's entry is equal but a new object.
    const next = structuredClone(set.manifest);
    next.models.find((m) => m.name !== MC)!.version = "9.9.9";
    server.setManifest(JSON.stringify(next));
    expect(await registry.revalidate()).toBe(true);
    openGate();
    const model = await withTimeout(loading, 2000);
    expect(model.entry.name).toBe(MC);
    expect(created).toEqual(["1.0.0"]); // not loaded twice
    expect(registry.liveModels()).toContain(MC);
    // Later gets answer from memory.
    expect(await withTimeout(registry.get(MC), 500)).toBe(model);
  });

  it("a new version of the model in the middle of its load: the load resolves with the new version", async () => {
    const { server, make } = setup();
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const sessions = fakeSessions();
    const slow: RegistryOptions["sessionFactory"] = async (bytes, entry) => {
      if (entry.version === "1.0.0") await gate;
      return sessions.factory(bytes, entry);
    };
    const registry = make({ sessionFactory: slow });
    const loading = registry.get(MC);
    await expect.poll(() => registry.status(MC).phase).toBe("creating-session");
    const v2 = buildFixtureSet({ scale: 0.01, version: "2.0.0" });
    for (const [name, bytes] of v2.files) server.setFile(name, bytes);
    server.setManifest(JSON.stringify(v2.manifest));
    expect(await registry.revalidate()).toBe(true);
    openGate();
    const model = await withTimeout(loading, 2000);
    expect(model.entry.version).toBe("2.0.0");
    expect(sessions.released).toEqual([`${MC}@1.0.0`]); // the stale session was never installed
  });

  it("checks the manifest once when focus and visibilitychange ask together", async () => {
    const { registry, server } = setup();
    await registry.manifest();
    const before = server.requests.length;
    const [a, b, c] = await Promise.all([registry.revalidate(), registry.revalidate(), registry.revalidate()]);
    expect([a, b, c]).toEqual([false, false, false]);
    expect(server.requests.length - before).toBe(1);
  });

  it("evicts least recently used cached models on QuotaExceededError, then keeps in memory only", async () => {
    const inner = new MemoryModelCache();
    let capacity = 0;
    const quotaCache: ModelCache = Object.assign(Object.create(inner) as ModelCache, {
      persistent: true,
      put: async (info: Parameters<ModelCache["put"]>[0], bytes: Uint8Array) => {
        const used = (await inner.list()).reduce((s, i) => s + i.size, 0);
        if (used + bytes.length > capacity) throw new DOMException("full", "QuotaExceededError");
        return inner.put(info, bytes);
      },
    });
    const { make, set } = setup();
    const size = (n: string) => set.manifest.models.find((m) => m.name === n)!.bytes;
    capacity = size(MC) + size("lgbm_burnout_v1") - 1;
    let clock = 0;
    const registry = make({ cache: async () => quotaCache, now: () => ++clock });
    await registry.get(MC);
    await registry.get("lgbm_burnout_v1"); // does not fit beside MC: MC is evicted
    expect((await inner.list()).map((i) => i.name)).toEqual(["lgbm_burnout_v1"]);
    capacity = 10; // nothing fits
    await registry.get("lgbm_energy_dip_v1");
    expect(registry.status("lgbm_energy_dip_v1")).toMatchObject({ phase: "ready", persisted: false, cachedBytes: 0 });
    expect(registry.status("lgbm_energy_dip_v1").notice).toMatch(/Not enough storage/);
  });

  it("works in memory only when IndexedDB is unavailable", async () => {
    // @ts-expect-error simulating a browser without IndexedDB
    globalThis.indexedDB = undefined;
    const { registry } = setup();
    await registry.get(MC);
    expect(registry.status(MC)).toMatchObject({ phase: "ready", persisted: false });
    expect(registry.status(MC).notice).toMatch(/IndexedDB/);
    expect((await registry.storage()).available).toBe(false);
  });

  it("preloads the most used models into the cache", async () => {
    const { make, modelRequests } = setup();
    const usage = new MemoryUsageStore({ lgbm_burnout_v1: 5, lgbm_energy_dip_v1: 2, unknown_model: 9 });
    const registry = make({ usage, preloadLimit: 2 });
    expect(await registry.preloadByUsage()).toEqual(["lgbm_burnout_v1", "lgbm_energy_dip_v1"]);
    expect(modelRequests()).toHaveLength(2);
    expect(registry.status("lgbm_burnout_v1").phase).toBe("cached");
    expect(registry.liveModels()).toEqual([]);
  });

  it("idle preloading skips models already cached without reading their bytes", async () => {
    const { make, modelRequests } = setup();
    const inner = new MemoryModelCache();
    let reads = 0;
    const counting: ModelCache = Object.assign(Object.create(inner) as ModelCache, {
      persistent: true,
      get: (key: string) => {
        reads += 1;
        return inner.get(key);
      },
    });
    const usage = new MemoryUsageStore({ lgbm_burnout_v1: 5, lgbm_energy_dip_v1: 2 });
    await make({ usage, preloadLimit: 2, cache: async () => counting }).preloadByUsage();
    expect(modelRequests()).toHaveLength(2);
    reads = 0;
    // A returning user's next start: both are listed in the cache, so neither is read (nor hashed) nor fetched.
    expect(await make({ usage, preloadLimit: 2, cache: async () => counting }).preloadByUsage()).toEqual(["lgbm_burnout_v1", "lgbm_energy_dip_v1"]);
    expect(reads).toBe(0);
    expect(modelRequests()).toHaveLength(2);
  });

  it("clears one or all cached models", async () => {
    const { registry } = setup();
    await registry.get(MC);
    await registry.get("lgbm_burnout_v1");
    await registry.clear(MC);
    expect(registry.status(MC)).toMatchObject({ phase: "not-loaded", cachedBytes: 0 });
    expect(registry.status("lgbm_burnout_v1").phase).toBe("ready");
    await registry.clear();
    expect(registry.statuses().every((s) => s.phase === "not-loaded")).toBe(true);
    expect(await (await IdbModelCache.open()).list()).toEqual([]);
  });

  it("getByType finds the model of a prediction type", async () => {
    const { registry } = setup();
    expect((await registry.getByType("sleep_quality")).entry.name).toBe("lgbm_sleep_quality_v1");
  });
});

describe("ModelRegistry offline", () => {
  it("starts from the last saved manifest and the cache when the network is gone", async () => {
    const store = new Map<string, string>();
    globalThis.localStorage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
      clear: () => store.clear(),
      key: () => null,
      length: 0,
    } as Storage;
    try {
      const online = setup();
      await online.registry.get(MC);
      const offlineFetch = (async () => {
        throw new TypeError("Failed to fetch");
      }) as typeof fetch;
      const offline = online.make({ fetch: offlineFetch });
      const model = await offline.get(MC);
      expect(model.entry.name).toBe(MC);
    } finally {
      // @ts-expect-error remove the stub again
      delete globalThis.localStorage;
    }
  });
});
