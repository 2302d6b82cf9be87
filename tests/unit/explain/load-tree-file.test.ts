import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ExplainNeedsConnectionError, ExplainUnavailableError } from "@/lib/explain/errors";
import { loadTreeFile, treeFileKey } from "@/lib/explain/load-tree-file";
import { MemoryTreeFileCache } from "@/lib/explain/tree-file-cache";
import { sha256Hex } from "@/lib/models/hash";
import type { ModelEntry } from "@/lib/models/manifest-schema";

/** The loader of "Why?" tree files: verified like models, kept for offline, clear errors (fetch faked, bytes real). */
const raw = new TextEncoder().encode("TSHP pretend tree file bytes, long enough to gzip".repeat(20));
const gz = new Uint8Array(gzipSync(raw));

async function entryFor(bytes: Uint8Array, gzBytes: Uint8Array): Promise<ModelEntry> {
  return {
    name: "m",
    version: "1.0.0",
    explain: {
      format: "treeshap-v1",
      file: "m.abc.trees",
      bytes: bytes.length,
      sha256: await sha256Hex(bytes),
      compressed: { encoding: "gzip", file: "m.abc.trees.gz", bytes: gzBytes.length, sha256: await sha256Hex(gzBytes) },
    },
  } as ModelEntry;
}

function fakeFetch(body: () => Uint8Array | Error) {
  const urls: string[] = [];
  const impl = (async (url: string) => {
    urls.push(url);
    const b = body();
    if (b instanceof Error) throw b;
    return new Response(b as Uint8Array<ArrayBuffer>, { status: 200, headers: { "Content-Type": "application/octet-stream" } });
  }) as unknown as typeof fetch;
  return { impl, urls };
}

describe("loadTreeFile", () => {
  it("downloads the gzip variant once, verifies it, and then reads the local copy with no network", async () => {
    const entry = await entryFor(raw, gz);
    const cache = new MemoryTreeFileCache();
    const net = fakeFetch(() => gz);
    const first = await loadTreeFile(entry, { cache, fetch: net.impl, baseUrl: "/models/" });
    expect(first).toMatchObject({ source: "network", transferredBytes: gz.length });
    expect(first.bytes).toEqual(raw);
    expect(net.urls).toEqual(["/models/m.abc.trees.gz"]);

    const offline = fakeFetch(() => new TypeError("Failed to fetch"));
    const second = await loadTreeFile(entry, { cache, fetch: offline.impl, baseUrl: "/models/" });
    expect(second.source).toBe("cache");
    expect(offline.urls).toEqual([]);
  });

  it("offline with nothing stored: says it needs a connection once", async () => {
    const entry = await entryFor(raw, gz);
    const offline = fakeFetch(() => new TypeError("Failed to fetch"));
    await expect(loadTreeFile(entry, { cache: new MemoryTreeFileCache(), fetch: offline.impl, baseUrl: "/models/" })).rejects.toThrow(ExplainNeedsConnectionError);
  });

  it("refuses bytes that do not match the manifest (after one retry past the HTTP cache), and stores nothing", async () => {
    const entry = await entryFor(raw, gz);
    const wrong = new Uint8Array(gzipSync(new Uint8Array(raw.length).fill(7)));
    const padded = new Uint8Array(gz.length);
    padded.set(wrong.subarray(0, gz.length));
    const cache = new MemoryTreeFileCache();
    const net = fakeFetch(() => padded);
    await expect(loadTreeFile(entry, { cache, fetch: net.impl, baseUrl: "/models/" })).rejects.toThrow(ExplainUnavailableError);
    expect(net.urls).toHaveLength(2);
    expect(await cache.get(treeFileKey(entry, entry.explain!))).toBeUndefined();
  });

  it("drops a stored copy whose hash no longer matches, and downloads again", async () => {
    const entry = await entryFor(raw, gz);
    const cache = new MemoryTreeFileCache();
    await cache.put(treeFileKey(entry, entry.explain!), "m", new Uint8Array(raw.length));
    const net = fakeFetch(() => gz);
    const loaded = await loadTreeFile(entry, { cache, fetch: net.impl, baseUrl: "/models/" });
    expect(loaded.source).toBe("network");
    expect(await cache.get(treeFileKey(entry, entry.explain!))).toEqual(raw);
  });

  it("a model without a tree file: a named error, no request", async () => {
    const net = fakeFetch(() => gz);
    await expect(loadTreeFile({ name: "m", version: "1" } as ModelEntry, { cache: new MemoryTreeFileCache(), fetch: net.impl, baseUrl: "/" })).rejects.toThrow(ExplainUnavailableError);
    expect(net.urls).toEqual([]);
  });
});
