/**
 * Where a warm first load goes (the table under "Warm load" in docs/performance.md). Not part of `npm run bench`: a
 * probe against a running build with the test pages (E2E_TEST_PAGES=1 npm run build && next start -p 3470):
 *   BENCH_URL=http://localhost:3470 npx tsx scripts/bench/warm-breakdown.ts
 * It wraps Worker and crypto.subtle.digest in the page to timestamp onnxruntime's proxy-worker messages (init-wasm,
 * init-ep, create) and each SHA-256, loads the largest model cold, then warm in WARMS new pages of the same context
 * (PERSIST=1: a persistent on-disk profile instead), then probes the runtime record in IndexedDB on the main thread.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "@playwright/test";
const base = process.env.BENCH_URL ?? "http://localhost:3470";
const THROTTLE = { offline: false, latency: 40, downloadThroughput: 20e6 / 8, uploadThroughput: 20e6 / 8 };
const LARGEST = "lgbm_multiclass_v1";
const init = `
globalThis.__name = (fn) => fn;
globalThis.__probe = [];
const T = (what) => globalThis.__probe.push([what, Math.round(performance.now())]);
const W = globalThis.Worker;
globalThis.Worker = class extends W { constructor(u, o) { T('new Worker ' + String(u).slice(-60)); super(u, o);
  this.addEventListener('message', (e) => T('<- ' + (e.data && e.data.type) + (e.data && e.data.err ? ' ERR ' + e.data.err : ''))); }
  postMessage(m, t) { T('-> ' + (m && m.type)); return super.postMessage(m, t); } };
const D = crypto.subtle.digest.bind(crypto.subtle);
crypto.subtle.digest = async (a, d) => { const t0 = performance.now(); const r = await D(a, d); T('digest ' + d.byteLength + ' took ' + Math.round(performance.now() - t0)); return r; };
`;
async function throttled(ctx: BrowserContext): Promise<Page> {
  const page = await ctx.newPage();
  await page.addInitScript(init);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", THROTTLE);
  page.on("requestfinished", async (r) => {
    const u = new URL(r.url()).pathname;
    if (u.startsWith("/ort") || u.includes("chunks") || u.startsWith("/models")) {
      const t = r.timing(); const res = await r.response();
      console.log(`   req ${u.slice(-50)} status=${res?.status()} sw=${res?.fromServiceWorker()} dur=${Math.round(t.responseEnd)} size=${(await r.sizes()).responseBodySize}`);
    }
  });
  page.on("worker", (w) => console.log("   worker", w.url().slice(-70)));
  return page;
}
async function open(page: Page, q: string) {
  await page.goto(`${base}/test/registry${q}`);
  await page.waitForFunction(() => window.__modelTest?.readyAt != null);
}
async function get(page: Page, n: string) {
  return page.evaluate(async (n) => { globalThis.__probe.length = 0; const t0 = performance.now();
    globalThis.__probe.push(['get start', Math.round(t0)]);
    await window.__modelTest!.registry.get(n); const ms = performance.now() - t0; return { ms, probe: globalThis.__probe }; }, n);
}
declare global { var __probe: [string, number][]; }
const dir = mkdtempSync(join(tmpdir(), "warm-breakdown-"));
const ctx = process.env.PERSIST ? await chromium.launchPersistentContext(dir, { executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] })
  : await (await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] })).newContext();
const browser = ctx;
const p1 = await throttled(ctx);
await open(p1, "?preload=none");
console.log("COLD", JSON.stringify(await get(p1, LARGEST)));
await p1.waitForTimeout(Number(process.env.WAIT ?? 1500));
for (let i = 0; i < Number(process.env.WARMS ?? 2); i++) {
  const p2 = await throttled(ctx);
  await open(p2, "?preload=none");
  const w = await get(p2, LARGEST);
  console.log("WARM", Math.round(w.ms)); for (const [k, t] of w.probe) console.log("  ", t - w.probe[0]![1], k);
  const s = await get(p2, "lgbm_burnout_v1"); console.log("WARM2nd", Math.round(s.ms));
  await p2.close();
}
const p3 = await throttled(ctx);
await open(p3, "?preload=none");
console.log("PROBE", JSON.stringify(await p3.evaluate(async () => {
  const out: Record<string, number> = {};
  let t = performance.now();
  const db: IDBDatabase = await new Promise((res, rej) => { const r = indexedDB.open("checkin-ort-runtime"); r.onsuccess = () => res(r.result); r.onerror = rej; });
  const rec: { bytes: ArrayBuffer } = await new Promise((res) => { const q = db.transaction("wasm").objectStore("wasm").getAll(); q.onsuccess = () => res(q.result[0]); });
  out.idb_read = performance.now() - t; t = performance.now();
  await crypto.subtle.digest("SHA-256", rec.bytes); out.sha256 = performance.now() - t; t = performance.now();
  await WebAssembly.compile(rec.bytes); out.compile1 = performance.now() - t; t = performance.now();
  await WebAssembly.compile(rec.bytes); out.compile2 = performance.now() - t; t = performance.now();
  const m = await WebAssembly.compileStreaming(fetch("/ort/ort-wasm-simd-threaded.wasm")); out.compileStreaming = performance.now() - t;
  void m; return out;
})));
await browser.close();
