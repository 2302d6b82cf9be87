import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { beforeEach, describe, expect, it } from "vitest";
import { buildFixtureSet } from "@/e2e/fixtures/fixture-models";
import type { ModelEntry } from "./manifest-schema";
import type { ModelSession, SessionFactory } from "./ort-session";
import { ModelRegistry } from "./registry";
import { SessionPool } from "./session-pool";
import { SingleFlight } from "./single-flight";
import { fakeServer, fakeSessions } from "@/tests/support/model-fakes";
import { IdbModelCache } from "./idb-model-cache";
import { MemoryUsageStore } from "./usage-store";

const BASE = "http://test/models/";
const MC = "lgbm_multiclass_v1";

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

/** Sessions whose creation the test finishes by hand, counting creations and releases. */
function gatedSessions() {
  const state = { created: 0, released: 0, finish: [] as (() => void)[], onCreate: (): void => undefined };
  const factory: SessionFactory = async (_bytes: Uint8Array, _entry: ModelEntry): Promise<ModelSession> => {
    state.created += 1;
    await new Promise<void>((resolve) => {
      state.finish.push(resolve);
      state.onCreate();
    });
    return {
      run: async () => ({ label: null, probabilities: null, value: 0 }),
      release: async () => {
        state.released += 1;
      },
    };
  };
  return { state, factory };
}

const ticks = async (n: number) => {
  for (let i = 0; i < n; i += 1) await Promise.resolve();
};

describe("registry races", () => {
  // Every interleaving of a second get() with the end of the first load, by the number of microtasks between them: the
  // gap between get()'s pool check and its joining the flight (an await of the manifest) is a few microtasks wide.
  it("never leaks a session: every session created is live in the pool or released (all interleavings)", async () => {
    for (let gap = 0; gap < 12; gap += 1) {
      const set = buildFixtureSet({ scale: 0.01 });
      const server = fakeServer(new Map(set.files), JSON.stringify(set.manifest));
      const sessions = gatedSessions();
      const registry = new ModelRegistry({ baseUrl: BASE, fetch: server.fetch, sessionFactory: sessions.factory, usage: new MemoryUsageStore(), preload: "none", revalidateIntervalMs: 0 });
      const created = new Promise<void>((resolve) => (sessions.state.onCreate = resolve));
      const first = registry.get(MC);
      await created;
      sessions.state.onCreate = () => sessions.state.finish.shift()?.(); // later creations finish at once
      sessions.state.finish.shift()?.();
      await ticks(gap);
      const second = registry.get(MC);
      await ticks(1);
      const third = registry.get(MC);
      const handles = await Promise.all([first, second, third]);
      const live = registry.liveModels().length;
      expect({ gap, leaked: sessions.state.created - sessions.state.released - live }).toEqual({ gap, leaked: 0 });
      // Whatever handle a caller holds runs on the live session.
      for (const h of handles) await expect(h.run(new Float32Array(8))).resolves.toBeTruthy();
    }
  });
});

describe("SingleFlight", () => {
  it("a new caller never joins a flight whose work was already aborted: it starts a fresh one", async () => {
    const flights = new SingleFlight<string>();
    const starts: AbortSignal[] = [];
    const start = (signal: AbortSignal) => {
      starts.push(signal);
      // Like the registry's load: the work notices the abort at its next step, not at once.
      return new Promise<string>((resolve, reject) => setTimeout(() => (signal.aborted ? reject(signal.reason) : resolve("loaded")), 10));
    };
    const warmUp = new AbortController();
    const cancelled = flights.run("k", start, warmUp.signal);
    warmUp.abort(new DOMException("warm-up cancelled", "AbortError"));
    // Save's get(), which never cancelled anything, comes while the aborted work is still settling.
    const save = flights.run("k", start);
    await expect(cancelled).rejects.toMatchObject({ name: "AbortError" });
    await expect(save).resolves.toBe("loaded");
    expect(starts).toHaveLength(2);
  });
});

describe("stale downloads", () => {
  it("a new manifest prunes the partial download of the version it replaced", async () => {
    const set = buildFixtureSet({ scale: 0.01 });
    const v1 = set.manifest.models.find((m) => m.name === MC)!;
    const server = fakeServer(new Map(set.files), JSON.stringify(set.manifest), { dropAt: new Map([[v1.file, 0.5]]) });
    const registry = new ModelRegistry({ baseUrl: BASE, fetch: server.fetch, sessionFactory: fakeSessions().factory, usage: new MemoryUsageStore(), preload: "none", revalidateIntervalMs: 0, compressed: false });
    await expect(registry.get(MC)).rejects.toThrow(/broke off/);
    const cache = await IdbModelCache.open();
    expect((await cache.getPartial(`${BASE}${v1.file}`))?.received.length).toBeGreaterThan(0);

    const v2 = buildFixtureSet({ scale: 0.01, version: "1.0.1" });
    expect(v2.manifest.models.find((m) => m.name === MC)!.file).not.toBe(v1.file);
    for (const [name, bytes] of v2.files) server.setFile(name, bytes);
    server.setManifest(JSON.stringify(v2.manifest));
    expect(await registry.revalidate()).toBe(true);
    expect(await cache.getPartial(`${BASE}${v1.file}`)).toBeUndefined();
  });
});

describe("SessionPool", () => {
  it("never overwrites a live session: a duplicate of the live version is released, a new version releases the old", async () => {
    const released: string[] = [];
    const session = (id: string): ModelSession => ({
      run: async () => ({ label: null, probabilities: null, value: 0 }),
      release: async () => void released.push(id),
    });
    const pool = new SessionPool(() => undefined);
    const entry = buildFixtureSet({ scale: 0.01 }).manifest.models[0]!;
    const reload = async () => first;
    const first = pool.add("k1", entry, session("a"), 1, reload);
    expect(pool.add("k1", entry, session("b"), 2, reload)).toBe(first);
    pool.add("k2", entry, session("c"), 3, reload);
    await Promise.resolve();
    expect(released.sort()).toEqual(["a", "b"]);
    expect(pool.keyOf(entry.name)).toBe("k2");
  });
});
