import "fake-indexeddb/auto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildFixtureSet } from "@/e2e/fixtures/fixture-models";
import { ModelNotFoundError } from "./errors";
import { MODELS } from "./models";
import { getModelRegistry } from "./registry";
import { fakeServer } from "@/tests/support/model-fakes";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("MODELS (mirror of the original API)", () => {
  it("goes through the one browser registry: reads the manifest lazily and names unknown models", async () => {
    const set = buildFixtureSet({ scale: 0.01 });
    const server = fakeServer(new Map(set.files), JSON.stringify(set.manifest));
    vi.stubGlobal("fetch", server.fetch);
    expect(server.requests).toHaveLength(0); // importing MODELS fetched nothing
    await expect(MODELS.get("lgbm_unknown_v9")).rejects.toBeInstanceOf(ModelNotFoundError);
    expect(server.requests.map((r) => r.url)).toEqual(["/models/manifest.json"]);
    expect(getModelRegistry()).toBe(getModelRegistry());
    expect((await getModelRegistry().manifest()).models.map((m) => m.name)).toContain("lgbm_multiclass_v1");
  });
});
