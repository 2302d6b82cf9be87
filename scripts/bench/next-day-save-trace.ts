/**
 * Where a next-day Save goes (issue 20, `next_day_typing_3s` of `npm run bench:models`): a returning profile (one Save
 * yesterday: runtime and models stored, usage recorded), a new page of it on the bench's throttled link (20 Mbit/s,
 * 40 ms), the first field focused, 3 s of typing, Save; prints what happens from page open to the five predictions:
 * every request (and whether the service worker answered it), onnxruntime's proxy-worker messages (init-wasm, create),
 * SHA-256 digests, idle callbacks, and the long tasks on the main thread after the click (CDP trace). Not part of
 * `npm run bench`: a probe against a running build (E2E_TEST_PAGES=1 npm run build && npx next start -p 3212):
 *   BENCH_URL=http://localhost:3212 RUNS=3 TYPING_MS=3000 npx tsx scripts/bench/next-day-save-trace.ts
 * SAME_PAGE=1 traces a second Save on that page instead (the same_page case).
 */
import { chromium, type BrowserContext, type Page } from "@playwright/test";

const base = process.env.BENCH_URL ?? "http://localhost:3212";
const TYPING_MS = Number(process.env.TYPING_MS ?? 3000);
const THROTTLE = { offline: false, latency: 40, downloadThroughput: 20e6 / 8, uploadThroughput: 20e6 / 8 };
const VALUES: [string, string][] = [["Mood", "7"], ["Energy", "6"], ["Stress", "4"], ["Sleep (hours)", "7.5"]];

// Page-side timeline: onnxruntime's proxy-worker messages, SHA-256 digests, idle callbacks, dynamic chunk scripts.
const PROBE = `
globalThis.__name = (fn) => fn;
globalThis.__probe = [];
const T = (what) => globalThis.__probe.push([what, performance.now()]);
const W = globalThis.Worker;
globalThis.Worker = class extends W { constructor(u, o) { T('new Worker ' + String(u).slice(-50)); super(u, o);
  this.addEventListener('message', (e) => T('<- worker ' + (e.data && e.data.type) + (e.data && e.data.err ? ' ERR ' + e.data.err : ''))); }
  postMessage(m, t) { T('-> worker ' + (m && m.type)); return super.postMessage(m, t); } };
const D = crypto.subtle.digest.bind(crypto.subtle);
crypto.subtle.digest = async (a, d) => { const t0 = performance.now(); const r = await D(a, d); T('digest ' + d.byteLength + ' B took ' + Math.round(performance.now() - t0) + ' ms'); return r; };
const RIC = globalThis.requestIdleCallback;
// Shown: five items in the results list after it was empty (a Save on the same page replaces the previous list).
let phase = 'idle';
const items = () => document.querySelectorAll('[data-testid=prediction-results] li').length;
addEventListener('click', (e) => { if (e.target && e.target.type === 'submit') { T('CLICK (page)'); phase = items() === 0 ? 'five' : 'empty'; } }, true);
new MutationObserver(() => {
  if (phase === 'empty' && items() === 0) phase = 'five';
  if (phase === 'five' && items() >= 5) { phase = 'idle'; T('FIVE SHOWN (page)'); }
}).observe(document, { childList: true, subtree: true });
if (RIC) globalThis.requestIdleCallback = (cb, o) => RIC((d) => { T('idle callback runs'); return cb(d); }, o);
`;

type TraceEvent = { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; args?: Record<string, unknown> };

async function throttledPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(PROBE);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", THROTTLE);
  return page;
}

async function fillAndSave(page: Page, typingMs: number, beforeClick?: () => Promise<unknown>): Promise<void> {
  const focusedAt = Date.now();
  for (const [label, value] of VALUES) await page.getByLabel(label, { exact: true }).fill(value);
  const wait = typingMs - (Date.now() - focusedAt);
  if (wait > 0) await page.waitForTimeout(wait);
  await beforeClick?.();
  await page.evaluate(() => globalThis.__probe.push(["CLICK", performance.now()]));
  await page.getByRole("button", { name: "Save check-in" }).click();
  await page.getByTestId("prediction-results").getByRole("listitem").nth(4).waitFor({ timeout: 120_000 });
  await page.evaluate(() => globalThis.__probe.push(["FIVE SHOWN", performance.now()]));
}

type Profile = { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[]; samples: number[]; timeDeltas: number[]; startTime: number };

/** The main thread's JavaScript from the click to the five shown: self time by function, then per 100 ms the top one. */
function printProfile(profile: Profile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const label = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || "(anonymous)"} ${f.url.split("/").pop() ?? ""}:${f.lineNumber}:${f.columnNumber}`;
  };
  const self = new Map<string, number>();
  const buckets = new Map<number, Map<string, number>>();
  let t = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    t += (profile.timeDeltas[i] ?? 0) / 1000;
    const l = label(id);
    self.set(l, (self.get(l) ?? 0) + dt);
    const b = Math.floor(t / 100);
    const m = buckets.get(b) ?? new Map<string, number>();
    m.set(l, (m.get(l) ?? 0) + dt);
    buckets.set(b, m);
  });
  console.log("  main-thread self time after the click (CPU profile), top 15:");
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackOf = (id: number) => {
    const out: string[] = [];
    for (let at: number | undefined = id; at !== undefined && out.length < 8; at = parent.get(at)) out.push(label(at));
    return out.join(" < ");
  };
  const sampleOf = new Map<string, number>();
  for (const id of profile.samples) sampleOf.set(label(id), id);
  for (const [l, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`   ${ms.toFixed(1).padStart(7)} ms ${ms > 30 ? stackOf(sampleOf.get(l)!) : l}`);
  console.log("  per 100 ms from the start of the profile: top three (ms)");
  for (const [b, m] of [...buckets].sort((a, b) => a[0] - b[0])) {
    const top = [...m].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([l, ms]) => `${ms.toFixed(0)} ${l}`).join(" | ");
    console.log(`   ${String(b * 100).padStart(5)}: ${top}`);
  }
}

declare global {
  var __probe: [string, number][];
}

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
for (let run = 0; run < Number(process.env.RUNS ?? 1); run++) {
  const context = await browser.newContext();
  // Yesterday: a cold Save (runtime and models downloaded and stored).
  const first = await throttledPage(context);
  await first.goto(`${base}/`);
  await first.getByRole("button", { name: "Save check-in" }).waitFor();
  await fillAndSave(first, 0);
  // As the bench does: the same page reloaded and saved twice, and left open while the next day's page opens.
  await first.reload();
  await first.getByRole("button", { name: "Save check-in" }).waitFor();
  await fillAndSave(first, 0);
  await fillAndSave(first, 0);

  // Today.
  const page = await throttledPage(context);
  const requests: { url: string; start: number; end?: number; sw?: boolean; bytes?: number }[] = [];
  const t0 = Date.now();
  page.on("request", (r) => requests.push({ url: new URL(r.url()).pathname, start: Date.now() - t0 }));
  page.on("requestfinished", async (r) => {
    const entry = requests.find((e) => e.url === new URL(r.url()).pathname && e.end === undefined);
    if (!entry) return;
    entry.end = Date.now() - t0;
    entry.sw = (await r.response())?.fromServiceWorker();
    entry.bytes = (await r.sizes()).responseBodySize;
  });
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on("Tracing.dataCollected", (e) => events.push(...(e.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once("Tracing.tracingComplete", () => resolve()));
  await cdp.send("Tracing.start", { transferMode: "ReportEvents", traceConfig: { includedCategories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing"] } });
  await page.goto(`${base}/`);
  await page.getByRole("button", { name: "Save check-in" }).waitFor();
  // SAME_PAGE=1: one Save first, then the traced one on the same page (bench:models' same_page case).
  if (process.env.SAME_PAGE === "1") {
    await fillAndSave(page, TYPING_MS);
    await page.evaluate(() => (globalThis.__probe.length = 0));
  }
  await page.evaluate(() => performance.mark("probe-origin"));
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
  await fillAndSave(page, TYPING_MS, () => cdp.send("Profiler.start"));
  const { profile } = await cdp.send("Profiler.stop");
  await cdp.send("Tracing.end");
  await complete;
  const probe = await page.evaluate(() => globalThis.__probe);
  const click = probe.find(([w]) => w === "CLICK (page)")![1];
  const shown = probe.find(([w]) => w === "FIVE SHOWN (page)")![1];
  console.log(`\n=== run ${run + 1}: click → five shown ${Math.round(shown - click)} ms (page-side clock)`);
  for (const [what, t] of probe) console.log(String(Math.round(t - click)).padStart(7), what);

  // Requests relative to the click (Node clock: the click's page time mapped through the navigation start).
  const navStart = await page.evaluate(() => performance.timeOrigin);
  const clickNode = navStart + click - t0;
  console.log("  requests (ms from click: start → end, service worker?, body bytes):");
  for (const r of requests) if (!r.url.startsWith("/_next/static/media")) console.log(`   ${String(Math.round(r.start - clickNode)).padStart(6)} → ${String(r.end === undefined ? "?" : Math.round(r.end - clickNode)).padStart(6)} sw=${String(r.sw)} ${r.bytes ?? "?"} B ${r.url.slice(-70)}`);

  // Main-thread tasks after the click (trace clock: the user-timing mark "probe-origin" ties it to the page clock).
  const mark = events.find((e) => e.name === "probe-origin");
  const markPage = await page.evaluate(() => performance.getEntriesByName("probe-origin")[0]!.startTime);
  const mains = new Set(events.filter((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`));
  if (mark) {
    const toPage = (ts: number) => (ts - mark.ts) / 1000 + markPage;
    const tasks = events.filter((e) => e.name === "RunTask" && e.ph === "X" && mains.has(`${e.pid}:${e.tid}`) && toPage(e.ts) >= click - 1 && toPage(e.ts) <= shown && (e.dur ?? 0) > 5000);
    console.log("  main-thread tasks > 5 ms between click and five shown (ms from click, duration):");
    for (const t of tasks) console.log(`   ${String(Math.round(toPage(t.ts) - click)).padStart(6)} ${Math.round(t.dur! / 1000)} ms`);
    const scripts = events.filter((e) => (e.name === "EvaluateScript" || e.name === "v8.compile" || e.name === "FunctionCall") && mains.has(`${e.pid}:${e.tid}`) && toPage(e.ts) >= click - 1 && toPage(e.ts) <= shown && (e.dur ?? 0) > 2000);
    console.log("  scripts > 2 ms in that window:");
    for (const s of scripts) console.log(`   ${String(Math.round(toPage(s.ts) - click)).padStart(6)} ${Math.round(s.dur! / 1000)} ms ${s.name} ${String((s.args?.data as { url?: string; functionName?: string } | undefined)?.url ?? (s.args?.data as { functionName?: string } | undefined)?.functionName ?? "").slice(-60)}`);
  } else console.log("  (no user-timing mark in the trace)");
  printProfile(profile as unknown as Profile);
  await context.close();
}
await browser.close();
