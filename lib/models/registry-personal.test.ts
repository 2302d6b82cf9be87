import "fake-indexeddb/auto";
import { createHash } from "node:crypto";
import { IDBFactory } from "fake-indexeddb";
import { beforeEach, describe, expect, it } from "vitest";
import { buildFixtureSet } from "@/e2e/fixtures/fixture-models";
import { fakeServer, fakeSessions } from "@/tests/support/model-fakes";
import { ModelIntegrityError, PersonalModelStaleError } from "./errors";
import { MANIFEST_LIMITS } from "./manifest-schema";
import { personalEntry } from "./personal-entry";
import { ModelRegistry } from "./registry";
import { MemoryUsageStore } from "./usage-store";

const BASE = "http://test/models/";
const MC = "lgbm_multiclass_v1";
const hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function setup() {
  const set = buildFixtureSet({ scale: 0.01 });
  const server = fakeServer(new Map(set.files), JSON.stringify(set.manifest), {});
  const sessions = fakeSessions();
  const registry = new ModelRegistry({
    baseUrl: BASE,
    fetch: server.fetch,
    sessionFactory: sessions.factory,
    usage: new MemoryUsageStore(),
    preload: "none",
    revalidateIntervalMs: 0,
  });
  const generic = set.manifest.models.find((m) => m.name === MC)!;
  const bytes = (fill: number, n = 3000) => new Uint8Array(n).fill(fill);
  const spec = (b: Uint8Array) => ({ generic, size: b.length, read: async () => b, sha256: hex(b) });
  return { set, server, sessions, registry, generic, bytes, spec };
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe("ModelRegistry: personal models", () => {
  it("makes a session from verified bytes, under the generic model's contract and a name and version of its own", async () => {
    const { registry, sessions, server, bytes, spec, generic } = setup();
    const b = bytes(7);
    const model = await registry.getPersonal(spec(b));
    expect(model.entry.name).toBe(`${MC}_personal`);
    expect(model.entry.version).toBe(`${generic.version}+p.${hex(b).slice(0, 12)}`);
    expect(model.entry.features).toEqual(generic.features);
    expect(sessions.created).toEqual([`${MC}_personal@${model.entry.version}`]);
    // The fake session answers with the byte length it was given: these bytes, not the generic model's.
    expect((await model.run(new Float32Array(8))).value).toBe(3000);
    // Nothing of it crossed the network: only the manifest did.
    expect(server.requests.map((r) => r.url)).toEqual([`${BASE}manifest.json`]);
    // Live: asked again, the same handle, no second session.
    expect(await registry.getPersonal(spec(b))).toBe(model);
    expect(sessions.created).toHaveLength(1);
    // It has no row on the Models page.
    expect(registry.statuses().map((s) => s.name)).not.toContain(`${MC}_personal`);
  });

  it("refuses bytes that do not match their hash", async () => {
    const { registry, sessions, bytes, generic } = setup();
    await expect(registry.getPersonal({ generic, size: 3000, read: async () => bytes(1), sha256: hex(bytes(2)) })).rejects.toBeInstanceOf(ModelIntegrityError);
    expect(sessions.created).toEqual([]);
  });

  it("refuses a model built on a generic version the manifest no longer lists, and drops a live one when it changes", async () => {
    const { registry, server, sessions, bytes, spec, generic } = setup();
    await expect(registry.getPersonal({ ...spec(bytes(3)), generic: { ...generic, version: "0.9.0" } })).rejects.toBeInstanceOf(PersonalModelStaleError);
    const live = await registry.getPersonal(spec(bytes(3)));
    // A deploy that leaves the generic model alone keeps the personal session.
    const other = buildFixtureSet({ scale: 0.01 }).manifest;
    other.models.find((m) => m.name !== MC)!.version = "9.9.9";
    server.setManifest(JSON.stringify(other));
    expect(await registry.revalidate()).toBe(true);
    expect(registry.liveModels()).toContain(`${MC}_personal`);
    // A new generic version discards it: released, and its handle refuses to run on.
    const v2 = buildFixtureSet({ scale: 0.01, version: "2.0.0" });
    for (const [name, b] of v2.files) server.setFile(name, b);
    server.setManifest(JSON.stringify(v2.manifest));
    expect(await registry.revalidate()).toBe(true);
    expect(registry.liveModels()).not.toContain(`${MC}_personal`);
    expect(sessions.released).toContain(`${MC}_personal@${live.entry.version}`);
    await expect(live.run(new Float32Array(8))).rejects.toBeInstanceOf(PersonalModelStaleError);
  });

  it("a new build replaces the previous one; a released handle (Clear all) loads again on its next run", async () => {
    const { registry, sessions, bytes, spec } = setup();
    const first = await registry.getPersonal(spec(bytes(4)));
    const second = await registry.getPersonal(spec(bytes(5)));
    expect(sessions.released).toEqual([`${MC}_personal@${first.entry.version}`]);
    expect(registry.liveModels()).toEqual([`${MC}_personal`]);
    expect(second.entry.version).not.toBe(first.entry.version);

    await registry.clear();
    expect(registry.liveModels()).not.toContain(`${MC}_personal`);
    expect((await second.run(new Float32Array(8))).value).toBe(3000);
    expect(registry.liveModels()).toContain(`${MC}_personal`);
    expect(sessions.created.filter((c) => c.startsWith(`${MC}_personal`))).toHaveLength(3);
  });

  it("stays within the database's limits for model_name and model_version", () => {
    const { generic } = setup();
    const long = { ...generic, name: "m".repeat(MANIFEST_LIMITS.nameLength), version: "v".repeat(MANIFEST_LIMITS.versionLength) };
    const entry = personalEntry({ generic: long, sha256: "f".repeat(64), size: 10 });
    expect(entry.name.length).toBeLessThanOrEqual(MANIFEST_LIMITS.nameLength);
    expect(entry.version.length).toBeLessThanOrEqual(MANIFEST_LIMITS.versionLength);
    expect(entry.name.endsWith("_personal")).toBe(true);
    expect(entry.version.endsWith("+p.ffffffffffff")).toBe(true);
  });
});
