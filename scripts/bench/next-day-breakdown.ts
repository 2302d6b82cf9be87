/**
 * Where a next-day warm-up goes: everything cached (runtime and five models in IndexedDB), a new page calls
 * registry.loadAll() as the check-in form's warm-up does, and this prints a timeline of onnxruntime's proxy-worker
 * messages (init-wasm, create), each SHA-256 and the total. Not part of `npm run bench`: a probe against a running build
 * with the test pages (E2E_TEST_PAGES=1 npm run build && npx next start -p 3470):
 *   BENCH_URL=http://localhost:3470 RUNS=3 npx tsx scripts/bench/next-day-breakdown.ts
 * With VARIANTS="a;b" (harness queries, e.g. "earlyStart=0;earlyStart=1") it alternates them run by run, prints
 * only the totals, their medians and the ratio: side by side in one run, on a machine too noisy for absolute figures.
 */
import { chromium, type BrowserContext, type Page } from "@playwright/test";

const base = process.env.BENCH_URL ?? "http://localhost:3470";
const variants = (process.env.VARIANTS ?? "").split(";").filter(Boolean);
const init = `
globalThis.__probe = [];
const T = (what) => globalThis.__probe.push([what, Math.round(performance.now())]);
const W = globalThis.Worker;
globalThis.Worker = class extends W { constructor(u, o) { T('new Worker'); super(u, o);
  this.addEventListener('message', (e) => T('<- ' + (e.data && e.data.type) + (e.data && e.data.err ? ' ERR ' + e.data.err : ''))); }
  postMessage(m, t) { T('-> ' + (m && m.type)); return super.postMessage(m, t); } };
const D = crypto.subtle.digest.bind(crypto.subtle);
crypto.subtle.digest = async (a, d) => { T('digest start ' + d.byteLength); const r = await D(a, d); T('digest end ' + d.byteLength); return r; };
`;

async function harness(ctx: BrowserContext, variant = ""): Promise<Page> {
  const page = await ctx.newPage();
  await page.addInitScript(init);
  await page.goto(`${base}/test/registry?preload=none&${variant}`);
  await page.waitForFunction(() => window.__modelTest?.readyAt != null);
  return page;
}

async function loadAll(page: Page) {
  return page.evaluate(async () => {
    globalThis.__probe.length = 0;
    const t0 = performance.now();
    globalThis.__probe.push(["loadAll start", Math.round(t0)]);
    await window.__modelTest!.registry.loadAll();
    return { ms: Math.round(performance.now() - t0), probe: globalThis.__probe };
  });
}

declare global {
  var __probe: [string, number][];
}

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const ctx = await browser.newContext();
const first = await harness(ctx);
console.log("COLD", (await loadAll(first)).ms, "ms");
await first.close();
const totals = new Map<string, number[]>(variants.map((v) => [v, []]));
for (let i = 0; i < Number(process.env.RUNS ?? 3); i++) {
  for (const variant of variants.length ? (i % 2 ? [...variants].reverse() : variants) : [""]) {
    const page = await harness(ctx, variant);
    const { ms, probe } = await loadAll(page);
    console.log(`NEXT DAY ${variant} ${ms} ms`);
    totals.get(variant)?.push(ms);
    if (!variants.length) for (const [what, t] of probe) console.log("  ", String(t - probe[0]![1]).padStart(5), what);
    await page.close();
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const medians = [...totals].map(([v, xs]) => [v, median(xs)] as const);
for (const [v, m] of medians) console.log(`median ${v}: ${m} ms`);
if (medians.length === 2) console.log(`ratio ${medians[1]![0]} / ${medians[0]![0]}: ${(medians[1]![1] / medians[0]![1]).toFixed(2)}`);
await browser.close();
