import "fake-indexeddb/auto";
import { once } from "node:events";
import { createGzip } from "node:zlib";
import { IDBFactory } from "fake-indexeddb";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildFixtureSet } from "@/e2e/fixtures/fixture-models";
import { ExplainUnavailableError } from "@/lib/explain/errors";
import { loadTreeFile } from "@/lib/explain/load-tree-file";
import { MemoryTreeFileCache } from "@/lib/explain/tree-file-cache";
import { fakeServer, fakeSessions } from "@/tests/support/model-fakes";
import { ModelIntegrityError } from "./errors";
import { sha256Hex } from "./hash";
import type { Manifest, ModelEntry } from "./manifest-schema";
import { ModelRegistry } from "./registry";
import { MemoryUsageStore } from "./usage-store";

const BASE = "http://test/models/";
const MC = "lgbm_multiclass_v1";
const MB = 1024 * 1024;
/** What inflating may add to memory at most: the declared size of these small files plus a chunk of the inflater. */
const PEAK_LIMIT = 16 * MB;

/** A real gzip bomb: 256 MB of zeros, about 261 KB compressed (built by streaming, never held inflated). */
async function gzipBomb(): Promise<Uint8Array> {
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on("data", (c: Buffer) => chunks.push(c));
  const zeros = Buffer.alloc(MB);
  for (let i = 0; i < 256; i += 1) gzip.write(zeros);
  gzip.end();
  await once(gzip, "end");
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Peak growth of ArrayBuffer memory while `task` runs, sampled every millisecond (inflating 256 MB takes far longer, so a
 * run that inflates it cannot slip between samples).
 */
async function peakArrayBuffers<T>(task: () => Promise<T>): Promise<{ result: PromiseSettledResult<T>; peak: number }> {
  globalThis.gc?.();
  const base = process.memoryUsage().arrayBuffers;
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers - base)), 1);
  const [result] = await Promise.allSettled([task()]);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
  return { result, peak };
}

let bomb: Uint8Array;
beforeAll(async () => {
  bomb = await gzipBomb();
});
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

function registryServing(bombFor: (entry: ModelEntry) => Partial<NonNullable<ModelEntry["compressed"]>>) {
  const set = buildFixtureSet({ scale: 0.01 });
  const manifest = structuredClone(set.manifest) as Manifest;
  const entry = manifest.models.find((m) => m.name === MC)!;
  const files = new Map(set.files);
  files.set(entry.compressed!.file, bomb);
  entry.compressed = { ...entry.compressed!, bytes: bomb.length, ...bombFor(entry) };
  const server = fakeServer(files, JSON.stringify(manifest));
  const registry = new ModelRegistry({ baseUrl: BASE, fetch: server.fetch, sessionFactory: fakeSessions().factory, usage: new MemoryUsageStore(), preload: "none", revalidateIntervalMs: 0 });
  return { registry, server };
}

describe("integrity before inflation", () => {
  it("the bomb is what it claims: 256 MB from about 261 KB", () => {
    expect(bomb.length).toBeLessThan(300 * 1024);
  });

  it("a tampered model .gz (the manifest's size, not its hash) is refused before it is inflated", async () => {
    const { registry, server } = registryServing(() => ({}));
    const { result, peak } = await peakArrayBuffers(() => registry.get(MC));
    expect(result.status === "rejected" && result.reason).toBeInstanceOf(ModelIntegrityError);
    expect(server.requests.filter((r) => r.url.endsWith(".gz"))).toHaveLength(2); // one clean refetch, as for any bad bytes
    expect(peak).toBeLessThan(PEAK_LIMIT);
  });

  it("a .gz that matches its hash but inflates past the model's declared size is cut off at that size", async () => {
    const hash = await sha256Hex(bomb);
    const { registry } = registryServing(() => ({ sha256: hash }));
    const { result, peak } = await peakArrayBuffers(() => registry.get(MC));
    expect(result.status === "rejected" && result.reason).toBeInstanceOf(ModelIntegrityError);
    expect(peak).toBeLessThan(PEAK_LIMIT);
  });

  it("tree files: a tampered .gz is refused before inflation, and a matching bomb is cut off at the declared size", async () => {
    const raw = new TextEncoder().encode("TSHP tree file".repeat(100));
    for (const compressedHash of ["0".repeat(64), await sha256Hex(bomb)]) {
      const entry = {
        name: "m",
        version: "1.0.0",
        explain: { format: "treeshap-v1", file: "m.abc.trees", bytes: raw.length, sha256: await sha256Hex(raw), compressed: { encoding: "gzip", file: "m.abc.trees.gz", bytes: bomb.length, sha256: compressedHash } },
      } as ModelEntry;
      const fetchImpl = (async () => new Response(bomb.slice(), { headers: { "Content-Type": "application/octet-stream" } })) as unknown as typeof fetch;
      const { result, peak } = await peakArrayBuffers(() => loadTreeFile(entry, { cache: new MemoryTreeFileCache(), fetch: fetchImpl, baseUrl: "/models/" }));
      expect(result.status === "rejected" && result.reason).toBeInstanceOf(ExplainUnavailableError);
      expect({ compressedHash, peak: peak < PEAK_LIMIT }).toEqual({ compressedHash, peak: true });
    }
  });
});
