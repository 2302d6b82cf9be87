/**
 * IndexedDB: are large bytes faster to read back stored as an ArrayBuffer or as a Blob? Stores 14 MB (the size of
 * onnxruntime's wasm) and 2.5 MB (a model) both ways in one database and reads them back alternately, ROUNDS times,
 * in a fresh page each round; reports medians of the wall time (get → bytes in hand) and of the main thread's
 * longest blocked stretch while reading (a 0 ms setTimeout loop's largest gap). Not part of `npm run bench`:
 *   BENCH_URL=http://localhost:3470 ROUNDS=9 npx tsx scripts/bench/idb-blob-probe.ts
 */
import { chromium } from "@playwright/test";

const base = process.env.BENCH_URL ?? "http://localhost:3470";
const rounds = Number(process.env.ROUNDS ?? 9);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const ctx = await browser.newContext();
// tsx names functions with a __name helper that the page does not have.
await ctx.addInitScript("globalThis.__name = (fn) => fn");
const seed = await ctx.newPage();
await seed.goto(`${base}/models`);
await seed.evaluate(async () => {
  const db: IDBDatabase = await new Promise((resolve, reject) => {
    const r = indexedDB.open("blob-probe", 1);
    r.onupgradeneeded = () => r.result.createObjectStore("s");
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const tx = db.transaction("s", "readwrite");
  for (const size of [14_239_897, 2_496_185]) {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i += 4096) bytes[i] = i & 255;
    tx.objectStore("s").put(bytes.buffer, `buffer-${size}`);
    tx.objectStore("s").put(new Blob([bytes]), `blob-${size}`);
  }
  await new Promise((resolve) => (tx.oncomplete = resolve));
  db.close();
});
await seed.close();

const results: Record<string, { wall: number[]; blocked: number[] }> = {};
for (let round = 0; round < rounds; round++) {
  for (const kind of round % 2 ? ["blob", "buffer"] : ["buffer", "blob"]) {
    for (const size of [14_239_897, 2_496_185]) {
      const page = await ctx.newPage();
      await page.goto(`${base}/models`);
      const m = await page.evaluate(
        async ({ kind, size }) => {
          let gap = 0;
          let last = performance.now();
          let running = true;
          const tick = () => {
            const now = performance.now();
            gap = Math.max(gap, now - last);
            last = now;
            if (running) setTimeout(tick, 0);
          };
          setTimeout(tick, 0);
          const t0 = performance.now();
          const db: IDBDatabase = await new Promise((resolve) => {
            const r = indexedDB.open("blob-probe", 1);
            r.onsuccess = () => resolve(r.result);
          });
          const value: ArrayBuffer | Blob = await new Promise((resolve) => {
            const q = db.transaction("s").objectStore("s").get(`${kind}-${size}`);
            q.onsuccess = () => resolve(q.result);
          });
          const bytes = value instanceof Blob ? await value.arrayBuffer() : value;
          const wall = performance.now() - t0;
          running = false;
          db.close();
          if (bytes.byteLength !== size) throw new Error("wrong size");
          return { wall, blocked: gap };
        },
        { kind, size },
      );
      const key = `${kind}_${size}`;
      (results[key] ??= { wall: [], blocked: [] }).wall.push(m.wall);
      results[key]!.blocked.push(m.blocked);
      await page.close();
    }
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [key, r] of Object.entries(results)) {
  console.log(key.padEnd(20), "wall p50", median(r.wall).toFixed(1), "ms   main thread blocked p50", median(r.blocked).toFixed(1), "ms");
}
await browser.close();
