/**
 * Does Chromium cache onnxruntime's compiled wasm? A probe, not part of `npm run bench` (issue 20, item 1).
 *
 * A tiny static server of its own serves onnxruntime-web 1.30's bundle (glue embedded), its 14 MB wasm under a
 * content-addressed URL (/ort/<sha256>.wasm), a page and one of our models. One persistent Chromium profile (a real disk
 * HTTP cache and code cache, as a person's browser has) loads the page LOADS times, 4 s apart; each load creates a
 * session on the model and runs it, as a Save would, with onnxruntime's wasm loaded by URL (streamed compile,
 * `instantiateStreaming`) in onnxruntime's proxy worker. Each load is traced over CDP (`disabled-by-default-
 * devtools.timeline`, where Blink writes `v8.wasm.streamFromResponseCallback`, `v8.wasm.compiledModule`,
 * `v8.wasm.cachedModule` and `v8.wasm.moduleCacheHit`, plus V8's own `v8.wasm` categories) and the page times
 * onnxruntime's init-wasm (the compile and instantiate) from its proxy worker's messages.
 *
 *   npx tsx scripts/bench/wasm-code-cache-probe.ts                 # CACHE=immutable (default) or CACHE=revalidate
 *   RUNS=2000 …: inferences per load (default 1), to see whether more tier-up makes V8 hand Blink a module to cache
 *   PROXY=0 …: compile in the page instead of onnxruntime's proxy worker (is the cache a page-only feature?)
 *   MODE=bytes npx tsx scripts/bench/wasm-code-cache-probe.ts      # the app today: wasmBinary, no streaming
 *
 * Prints one JSON object: per load, init-wasm ms, session ms and the counts of the v8.wasm events seen.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";

const root = join(import.meta.dirname, "..", "..");
const LOADS = Number(process.env.LOADS ?? 5);
const CACHE = process.env.CACHE ?? "immutable";
const MODE = process.env.MODE ?? "url";
const dist = join(root, "node_modules", "onnxruntime-web", "dist");
const wasm = readFileSync(join(dist, "ort-wasm-simd-threaded.wasm"));
const sha = createHash("sha256").update(wasm).digest("hex");
const bundle = readFileSync(join(dist, "ort.wasm.bundle.min.mjs"));
const manifest = JSON.parse(readFileSync(join(root, "public", "models", "manifest.json"), "utf8")) as { models: { file: string; input: { name: string; shape: number[] } }[] };
const model = manifest.models[0]!;
const modelBytes = readFileSync(join(root, "public", "models", model.file));

const page = `<!doctype html><meta charset="utf-8"><title>probe</title><script type="module">
const T = (what) => performance.mark(what);
const W = globalThis.Worker;
globalThis.Worker = class extends W { constructor(u, o) { super(u, o);
  this.addEventListener('message', (e) => T('<- ' + (e.data && e.data.type))); }
  postMessage(m, t) { T('-> ' + (m && m.type)); return super.postMessage(m, t); } };
const ort = await import('/ort.bundle.mjs');
ort.env.wasm.numThreads = 1;
ort.env.wasm.proxy = ${process.env.PROXY !== "0"};
ort.env.logLevel = 'error';
if (${JSON.stringify(MODE)} === 'bytes') ort.env.wasm.wasmBinary = await (await fetch('/ort/${sha}.wasm')).arrayBuffer();
ort.env.wasm.wasmPaths = { wasm: '/ort/${sha}.wasm' };
const t0 = performance.now();
const bytes = new Uint8Array(await (await fetch('/model.onnx')).arrayBuffer());
const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
const t1 = performance.now();
for (let i = 0; i < ${Number(process.env.RUNS ?? 1)}; i++) await session.run({ ${JSON.stringify(model.input.name)}: new ort.Tensor('float32', new Float32Array(${model.input.shape[1]}).fill(i % 7), [1, ${model.input.shape[1]}]) });
const mark = (n) => performance.getEntriesByName(n)[0]?.startTime;
window.__probe = { sessionMs: t1 - t0, initWasmMs: mark('<- init-wasm') - mark('-> init-wasm') || 0, createMs: mark('<- create') - mark('-> create') || 0 };
</script>`;

const server = createServer((req, res) => {
  const url = req.url ?? "/";
  if (url === "/") return void res.writeHead(200, { "content-type": "text/html" }).end(page);
  if (url === "/ort.bundle.mjs") return void res.writeHead(200, { "content-type": "text/javascript", "cache-control": "no-cache" }).end(bundle);
  if (url === "/model.onnx") return void res.writeHead(200, { "content-type": "application/octet-stream" }).end(modelBytes);
  if (url === `/ort/${sha}.wasm`) {
    const etag = `"${sha}"`;
    const cacheControl = CACHE === "immutable" ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate";
    if (req.headers["if-none-match"] === etag) return void res.writeHead(304, { etag, "cache-control": cacheControl }).end();
    return void res.writeHead(200, { "content-type": "application/wasm", etag, "cache-control": cacheControl }).end(wasm);
  }
  res.writeHead(404).end();
});
await new Promise<void>((r) => server.listen(0, r));
const port = (server.address() as { port: number }).port;
const profile = mkdtempSync(join(tmpdir(), "wasm-cache-probe-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  // JSFLAGS: a control run, e.g. "--wasm-caching-threshold=1000" (V8's default is 1,000,000 bytes of top-tier code).
  args: [...(process.getuid?.() === 0 ? ["--no-sandbox"] : []), ...(process.env.JSFLAGS ? [`--js-flags=${process.env.JSFLAGS}`] : [])],
});
const EVENTS = ["v8.wasm.streamFromResponseCallback", "v8.wasm.compiledModule", "v8.wasm.cachedModule", "v8.wasm.moduleCacheHit", "v8.wasm.moduleCacheInvalid"];
const loads: Record<string, unknown>[] = [];
try {
  for (let i = 0; i < LOADS; i++) {
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    const events: { name: string; args?: Record<string, unknown> }[] = [];
    cdp.on("Tracing.dataCollected", (e) => events.push(...(e.value as unknown as typeof events)));
    const done = new Promise<void>((r) => cdp.once("Tracing.tracingComplete", () => r()));
    await cdp.send("Tracing.start", {
      transferMode: "ReportEvents",
      traceConfig: { includedCategories: ["disabled-by-default-devtools.timeline", "v8.wasm", "disabled-by-default-v8.wasm.detailed", "v8"] },
    });
    await tab.goto(`http://localhost:${port}/`);
    await tab.waitForFunction(() => (window as unknown as { __probe?: unknown }).__probe, null, { timeout: 120_000 });
    const probe = await tab.evaluate(() => (window as unknown as { __probe: Record<string, number> }).__probe);
    // Let V8 finish tiering up and Blink write the cache, then stop the trace.
    await tab.waitForTimeout(4000);
    await cdp.send("Tracing.end");
    await done;
    const counts = Object.fromEntries(EVENTS.map((n) => [n, events.filter((e) => e.name === n).length]));
    const v8wasm = [...new Set(events.filter((e) => /wasm/i.test(e.name)).map((e) => e.name))].sort();
    const hit = events.find((e) => e.name === "v8.wasm.moduleCacheHit");
    if (process.env.VERBOSE) console.error(JSON.stringify(events.filter((e) => e.name.startsWith("v8.wasm")).map((e) => [e.name, e.args])));
    loads.push({ load: i + 1, ...Object.fromEntries(Object.entries(probe).map(([k, v]) => [k, Math.round(v)])), ...counts, consumedCacheSize: hit?.args?.consumedCacheSize, ...(process.env.VERBOSE ? { wasmEventNames: v8wasm } : { topTier: events.filter((e) => e.name === "wasm.TopTierCompilation").length }) });
    if (i === LOADS - 1) {
      // Could the compiled module itself be kept? Chromium once let IndexedDB store a WebAssembly.Module; check today.
      loads.push({
        moduleInIndexedDb: await tab.evaluate(async () => {
          const compiled = await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
          const db = await new Promise<IDBDatabase>((resolve, reject) => {
            const open = indexedDB.open("probe", 1);
            open.onupgradeneeded = () => open.result.createObjectStore("m");
            open.onsuccess = () => resolve(open.result);
            open.onerror = () => reject(open.error);
          });
          try {
            db.transaction("m", "readwrite").objectStore("m").put(compiled, "k");
            return "stored";
          } catch (error) {
            return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          }
        }),
      });
    }
    await tab.close();
  }
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify({ mode: MODE, cache: CACHE, proxy: process.env.PROXY !== "0", jsFlags: process.env.JSFLAGS ?? "", chromium: "/usr/bin/chromium", loads }, null, 2));
