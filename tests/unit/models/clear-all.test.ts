import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { beforeEach, describe, expect, it } from "vitest";
import { clearAllOnDevice } from "@/app/models/_components/clear-all-on-device";
import { buildFixtureSet } from "@/e2e/fixtures/fixture-models";
import { IdbTreeFileCache } from "@/lib/explain/tree-file-cache";
import { IdbModelCache } from "@/lib/models/idb-model-cache";
import { ModelRegistry } from "@/lib/models/registry";
import { MemoryUsageStore } from "@/lib/models/usage-store";
import { fakeServer, fakeSessions } from "@/tests/support/model-fakes";

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('"Clear all" on the Models page', () => {
  it("deletes the models and the \"Why?\" tree files kept on this device", async () => {
    const set = buildFixtureSet({ scale: 0.01 });
    const server = fakeServer(new Map(set.files), JSON.stringify(set.manifest));
    const registry = new ModelRegistry({ baseUrl: "http://test/models/", fetch: server.fetch, sessionFactory: fakeSessions().factory, usage: new MemoryUsageStore(), preload: "none", revalidateIntervalMs: 0 });
    await registry.get("lgbm_multiclass_v1");
    const trees = new IdbTreeFileCache();
    await trees.put("lgbm_multiclass_v1@1.0.0#abc", "lgbm_multiclass_v1", new Uint8Array([1, 2, 3]));

    await clearAllOnDevice(registry);

    expect(await (await IdbModelCache.open()).list()).toEqual([]);
    expect(await new IdbTreeFileCache().get("lgbm_multiclass_v1@1.0.0#abc")).toBeUndefined();
  });
});
