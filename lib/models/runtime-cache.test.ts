import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { beforeEach, describe, expect, it } from "vitest";
import { loadRuntimeWasm } from "./runtime-cache";

const WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 9, 9, 9]);

function server(body: Uint8Array, contentType = "application/wasm") {
  const calls: string[] = [];
  const fetchImpl = (async (url: string) => {
    calls.push(url);
    return new Response(body.slice(), { headers: { "Content-Type": contentType } });
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe("loadRuntimeWasm", () => {
  it("fetches once, then serves the runtime from IndexedDB", async () => {
    const s = server(WASM);
    expect(new Uint8Array((await loadRuntimeWasm("1.30.0", "/ort/x.wasm", s.fetchImpl))!)).toEqual(WASM);
    expect(new Uint8Array((await loadRuntimeWasm("1.30.0", "/ort/x.wasm", s.fetchImpl))!)).toEqual(WASM);
    expect(s.calls).toHaveLength(1);
  });

  it("refuses a response that is not wasm (an HTML error page) and caches nothing", async () => {
    const html = server(new TextEncoder().encode("<!doctype html>"), "text/html");
    expect(await loadRuntimeWasm("1.30.0", "/ort/x.wasm", html.fetchImpl)).toBeUndefined();
    const good = server(WASM);
    await loadRuntimeWasm("1.30.0", "/ort/x.wasm", good.fetchImpl);
    expect(good.calls).toHaveLength(1);
  });

  it("fetches again for a new onnxruntime version", async () => {
    const s = server(WASM);
    await loadRuntimeWasm("1.30.0", "/ort/x.wasm", s.fetchImpl);
    await loadRuntimeWasm("1.31.0", "/ort/x.wasm", s.fetchImpl);
    expect(s.calls).toHaveLength(2);
  });

  it("still returns the runtime when IndexedDB refuses to open", async () => {
    const original = IDBFactory.prototype.open;
    IDBFactory.prototype.open = () => {
      throw new DOMException("denied", "SecurityError");
    };
    try {
      const s = server(WASM);
      expect(new Uint8Array((await loadRuntimeWasm("1.30.0", "/ort/x.wasm", s.fetchImpl))!)).toEqual(WASM);
    } finally {
      IDBFactory.prototype.open = original;
    }
  });
});
