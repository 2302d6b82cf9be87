/**
 * npm run bench:models — the model registry measured in real Chromium on a throttled link (CDP
 * Network.emulateNetworkConditions: 20 Mbit/s down, 40 ms latency), every figure side by side in one run.
 * Writes bench/results/models.json and the "Model registry" table of docs/performance.md.
 *
 * Serves the production build with the test-only harness page (E2E_TEST_PAGES=1). It builds first unless
 * BENCH_SKIP_BUILD=1; BENCH_URL points it at a server you already run instead.
 */
import { type ChildProcess, execSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page, type Request } from "@playwright/test";
import type { Manifest } from "@/lib/models/manifest-schema";

const root = join(import.meta.dirname, "..", "..");
const port = Number(process.env.BENCH_PORT ?? 3450);
const baseURL = process.env.BENCH_URL ?? `http://localhost:${port}`;
const THROTTLE = { offline: false, latency: 40, downloadThroughput: (20e6 / 8), uploadThroughput: (20e6 / 8) };

const isModel = (url: string) => /\/models\/[^/]+\.onnx(\.gz)?$/.test(new URL(url).pathname);
const isOrt = (url: string) => new URL(url).pathname.startsWith("/ort/");

async function startServer(): Promise<ChildProcess | null> {
  if (process.env.BENCH_URL) return null;
  const busy = await fetch(baseURL).then(() => true, () => false);
  if (busy) throw new Error(`port ${port} is already in use: stop that server, or set BENCH_PORT or BENCH_URL`);
  if (process.env.BENCH_SKIP_BUILD !== "1") {
    execSync("npm run build", { cwd: root, stdio: "inherit", env: { ...process.env, E2E_TEST_PAGES: "1" } });
  }
  // Its own process group, so that stopping it also stops next-server (a child of the npx wrapper).
  const server = spawn("npx", ["next", "start", "-p", String(port)], { cwd: root, stdio: "ignore", detached: true });
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`${baseURL}/test/registry`);
      if (res.status === 404) throw new Error("the build has no test harness page: build with E2E_TEST_PAGES=1 (or unset BENCH_SKIP_BUILD)");
      if (res.ok) return server;
    } catch (error) {
      if (error instanceof Error && error.message.includes("harness")) throw error;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`next start did not answer at ${baseURL}`);
}

async function throttledPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  // tsx (esbuild keepNames) wraps named functions inside page.evaluate callbacks in __name(); define it in the page.
  await page.addInitScript("globalThis.__name = (fn) => fn;");
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", THROTTLE);
  return page;
}

function record(target: Page | BrowserContext, match: (url: string) => boolean): Request[] {
  const seen: Request[] = [];
  target.on("request", (r) => match(r.url()) && seen.push(r));
  return seen;
}

async function bodyBytes(requests: Request[]): Promise<number> {
  let total = 0;
  for (const r of requests) {
    await r.response().then((res) => res?.finished());
    total += (await r.sizes()).responseBodySize;
  }
  return total;
}

/** Opens the harness and returns ms from navigation start until it was ready (manifest, or every model if eager). */
async function openHarness(page: Page, query: string): Promise<number> {
  return (await openHarnessDetailed(page, query)).readyAt;
}

/** readyAt: ms from navigation start; registryMs: from the registry's creation (after hydration) to ready. */
async function openHarnessDetailed(page: Page, query: string): Promise<{ readyAt: number; registryMs: number }> {
  await page.goto(`${baseURL}/test/registry${query}`);
  await page.waitForFunction(() => window.__modelTest?.readyAt != null || window.__modelTest?.error != null, null, { timeout: 180_000 });
  const { readyAt, startedAt, error } = await page.evaluate(() => ({
    readyAt: window.__modelTest!.readyAt,
    startedAt: window.__modelTest!.startedAt,
    error: window.__modelTest!.error,
  }));
  if (error || readyAt === null) throw new Error(`harness failed: ${error}`);
  return { readyAt, registryMs: readyAt - startedAt };
}

async function timeGet(page: Page, name: string): Promise<number> {
  return page.evaluate(async (n) => {
    const t0 = performance.now();
    await window.__modelTest!.registry.get(n);
    return performance.now() - t0;
  }, name);
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

async function main() {
  const manifest = JSON.parse(readFileSync(join(root, "public", "models", "manifest.json"), "utf8")) as Manifest;
  const [largest, secondLargest] = [...manifest.models].sort((a, b) => b.bytes - a.bytes) as [Manifest["models"][number], Manifest["models"][number]];
  const server = await startServer();
  const browser: Browser = await chromium.launch({
    executablePath: existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined,
    args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
  });
  const fresh = () => browser.newContext();
  try {
    // 1. Lazy startup (the app's default: usage preloading, which has nothing to do in a new profile).
    let context = await fresh();
    let page = await throttledPage(context);
    const startupModels = record(page, isModel);
    const startupOrt = record(page, isOrt);
    const lazy = await openHarnessDetailed(page, "?preload=usage");
    const startup_lazy_ms = lazy.readyAt;
    await page.waitForTimeout(1500); // anything lazily started after ready would show up here
    const model_bytes_at_startup = await bodyBytes(startupModels);
    const ort_bytes_at_startup = await bodyBytes(startupOrt);

    // 2. Cold load of the largest model (ort runtime + model over the throttled link), then the hot path.
    const cold_load_ms = await timeGet(page, largest.name);
    // The next model in the same page: the runtime is up, so this is download + verify + session only.
    const cold_load_runtime_ready_ms = await timeGet(page, secondLargest.name);
    const hot_get_us = await page.evaluate(async (n) => {
      const registry = window.__modelTest!.registry;
      const rounds = 20_000;
      const t0 = performance.now();
      for (let i = 0; i < rounds; i++) await registry.get(n);
      return ((performance.now() - t0) / rounds) * 1000;
    }, largest.name);

    // 3. Warm load: a new page of the same profile reads IndexedDB (and revalidates the ort runtime).
    const warmPage = await throttledPage(context);
    await openHarness(warmPage, "?preload=none");
    const warmModels = record(warmPage, isModel);
    const warm_load_ms = await timeGet(warmPage, largest.name);
    const warm_load_runtime_ready_ms = await timeGet(warmPage, secondLargest.name);
    const warm_model_requests = warmModels.length;

    // 4. Inference, batch 1, per model; and all five for one check-in.
    const inference = await warmPage.evaluate(async () => {
      const registry = window.__modelTest!.registry;
      const manifest = await registry.manifest();
      const models = await Promise.all(manifest.models.map((m) => registry.get(m.name)));
      const width = (m: (typeof models)[number]) => m.entry.input.shape[1] ?? m.entry.features.length;
      const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const perModel: Record<string, number> = {};
      for (const model of models) {
        const features = new Float32Array(width(model)).fill(Number.NaN);
        for (let i = 0; i < 20; i++) await model.run(features);
        const times: number[] = [];
        for (let i = 0; i < 200; i++) {
          const t0 = performance.now();
          await model.run(features);
          times.push(performance.now() - t0);
        }
        perModel[model.entry.name] = p50(times);
      }
      const allFive: number[] = [];
      for (let i = 0; i < 200; i++) {
        const t0 = performance.now();
        await Promise.all(models.map((m) => m.run(new Float32Array(width(m)).fill(Number.NaN))));
        allFive.push(performance.now() - t0);
      }
      return { perModel, allFive: p50(allFive) };
    });
    await context.close();

    // 5. Eager startup: the page waits for every model (fresh profile).
    context = await fresh();
    page = await throttledPage(context);
    const eagerModels = record(page, isModel);
    const startup_eager_ms = await openHarness(page, "?preload=all");
    const transfer_bytes = await bodyBytes(eagerModels);
    const raw_bytes = manifest.models.reduce((s, m) => s + m.bytes, 0);
    await context.close();

    // 6. The same eager start without gzip: does compression cut cold load time on this link?
    context = await fresh();
    page = await throttledPage(context);
    const rawModels = record(page, isModel);
    const startup_eager_uncompressed_ms = await openHarness(page, "?preload=all&compressed=0");
    const transfer_bytes_uncompressed = await bodyBytes(rawModels);
    await context.close();

    // 7. Ten concurrent first gets in one page; two tabs at once.
    context = await fresh();
    page = await throttledPage(context);
    await openHarness(page, "?preload=none");
    const tenRequests = record(page, isModel);
    await page.evaluate((n) => Promise.all(Array.from({ length: 10 }, () => window.__modelTest!.registry.get(n))), largest.name);
    const requests_10_concurrent_gets = tenRequests.length;
    await context.close();

    context = await fresh();
    const [a, b] = [await throttledPage(context), await throttledPage(context)];
    await Promise.all([openHarness(a, "?preload=none"), openHarness(b, "?preload=none")]);
    const tabRequests = record(context, isModel);
    await Promise.all([timeGet(a, largest.name), timeGet(b, largest.name)]);
    const requests_two_tabs = tabRequests.length;
    await context.close();

    const results = {
      measured_at: new Date().toISOString(),
      network: { download_mbit_s: 20, latency_ms: 40, via: "CDP Network.emulateNetworkConditions" },
      models: manifest.models.map((m) => ({ name: m.name, bytes: m.bytes, gzip_bytes: m.compressed?.bytes ?? null })),
      largest_model: largest.name,
      startup_lazy_ms: round(startup_lazy_ms),
      startup_lazy_registry_ms: round(lazy.registryMs),
      startup_eager_ms: round(startup_eager_ms),
      startup_eager_uncompressed_ms: round(startup_eager_uncompressed_ms),
      model_bytes_at_startup,
      ort_bytes_at_startup,
      cold_load_ms: round(cold_load_ms),
      warm_load_ms: round(warm_load_ms),
      cold_load_runtime_ready_ms: round(cold_load_runtime_ready_ms),
      warm_load_runtime_ready_ms: round(warm_load_runtime_ready_ms),
      warm_model_requests,
      hot_get_us: round(hot_get_us, 3),
      requests_10_concurrent_gets,
      requests_two_tabs,
      transfer_bytes,
      transfer_bytes_uncompressed,
      raw_bytes,
      inference_p50_ms: Object.fromEntries(Object.entries(inference.perModel).map(([k, v]) => [k, round(v, 3)])),
      checkin_all_five_p50_ms: round(inference.allFive, 3),
      ratios: {
        startup_lazy_over_eager: round(startup_lazy_ms / startup_eager_ms, 4),
        warm_over_cold: round(warm_load_ms / cold_load_ms, 4),
        warm_over_cold_runtime_ready: round(warm_load_runtime_ready_ms / cold_load_runtime_ready_ms, 4),
        transfer_over_raw: round(transfer_bytes / raw_bytes, 4),
        gzip_over_raw_eager_time: round(startup_eager_ms / startup_eager_uncompressed_ms, 4),
      },
      environment: { cpus: (await import("node:os")).cpus().length, chromium: browser.version(), note: "shared 2-core machine" },
    };
    mkdirSync(join(root, "bench", "results"), { recursive: true });
    writeFileSync(join(root, "bench", "results", "models.json"), `${JSON.stringify(results, null, 2)}\n`);
    writePerformanceDoc(results);
    console.log(JSON.stringify(results, null, 2));
  } finally {
    await browser.close();
    if (server?.pid) process.kill(-server.pid, "SIGTERM");
  }
}

type Results = Record<string, unknown> & {
  startup_lazy_ms: number; startup_eager_ms: number; startup_eager_uncompressed_ms: number;
  model_bytes_at_startup: number; ort_bytes_at_startup: number; cold_load_ms: number; warm_load_ms: number;
  startup_lazy_registry_ms: number; cold_load_runtime_ready_ms: number; warm_load_runtime_ready_ms: number;
  hot_get_us: number; requests_10_concurrent_gets: number; requests_two_tabs: number; transfer_bytes: number;
  raw_bytes: number; inference_p50_ms: Record<string, number>; checkin_all_five_p50_ms: number; largest_model: string;
  ratios: Record<string, number>; measured_at: string;
};

function writePerformanceDoc(r: Results): void {
  const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
  const lines = [
    "## Model registry",
    "",
    `Measured by \`npm run bench:models\` (${r.measured_at}) in Chromium on a throttled link (CDP`,
    "`Network.emulateNetworkConditions`: 20 Mbit/s down, 40 ms latency), on a shared 2-core machine; raw figures in",
    "`bench/results/models.json`. Inference is batch 1 through onnxruntime-web's wasm backend in its proxy worker, one thread.",
    "",
    "| measure | value | target | |",
    "| --- | --- | --- | --- |",
    `| startup, lazy / eager | ${r.startup_lazy_ms} ms / ${r.startup_eager_ms} ms = ${r.ratios.startup_lazy_over_eager} | ≤ 0.05 | ${verdict(r.ratios.startup_lazy_over_eager! <= 0.05)} |`,
    `| of which the registry (creation → manifest ready, after hydration) | ${r.startup_lazy_registry_ms} ms | | |`,
    `| model / ort bytes at startup | ${r.model_bytes_at_startup} / ${r.ort_bytes_at_startup} | 0 / 0 | ${verdict(r.model_bytes_at_startup === 0 && r.ort_bytes_at_startup === 0)} |`,
    `| cold load of ${r.largest_model} (incl. ort runtime) | ${r.cold_load_ms} ms | | |`,
    `| warm load (IndexedDB, new page) | ${r.warm_load_ms} ms = ${r.ratios.warm_over_cold} of cold | ≤ 0.1 | ${verdict(r.ratios.warm_over_cold! <= 0.1)} |`,
    `| hot \`get()\` | ${r.hot_get_us} µs | ≤ 5 µs | ${verdict(r.hot_get_us <= 5)} |`,
    `| second model, runtime already up: cold / warm | ${r.cold_load_runtime_ready_ms} ms / ${r.warm_load_runtime_ready_ms} ms = ${r.ratios.warm_over_cold_runtime_ready} | | |`,
    `| requests for 10 concurrent gets / two tabs | ${r.requests_10_concurrent_gets} / ${r.requests_two_tabs} | 1 / 1 | ${verdict(r.requests_10_concurrent_gets === 1 && r.requests_two_tabs === 1)} |`,
    `| transfer / raw bytes (gzip) | ${r.transfer_bytes} / ${r.raw_bytes} = ${r.ratios.transfer_over_raw} | ≤ 0.3 | ${verdict(r.ratios.transfer_over_raw! <= 0.3)} |`,
    `| eager start with gzip / without | ${r.startup_eager_ms} ms / ${r.startup_eager_uncompressed_ms} ms | | |`,
    `| all five models on one check-in, p50 | ${r.checkin_all_five_p50_ms} ms | ≤ 5 ms | ${verdict(r.checkin_all_five_p50_ms <= 5)} |`,
    ...Object.entries(r.inference_p50_ms).map(([name, ms]) => `| inference p50, ${name} | ${ms} ms | | |`),
    "",
    "How to read it:",
    "",
    "- **Lazy startup** is the time from navigation to a registry that has validated the manifest, so it includes the",
    "  page's own HTML and JavaScript on the throttled link; the registry's part (creation after hydration → manifest",
    "  ready, one 30 KB request) is the row below it. Eager startup is measured the same way (navigation → ready), ready",
    "  meaning every model loaded: it downloads the onnxruntime wasm (14 MB, 3.7 MB as served gzip by `next start`) and",
    "  all five models, and starts five sessions. The lazy/eager target cannot be met by the registry: the page alone",
    `  (navigation → registry created) takes ${round(r.startup_lazy_ms - r.startup_lazy_registry_ms, 1)} ms, so even a registry that cost nothing would give`,
    `  ${round((r.startup_lazy_ms - r.startup_lazy_registry_ms) / r.startup_eager_ms, 3)}; 0.05 would need the page itself ready in ${round(0.05 * r.startup_eager_ms, 0)} ms on this link.`,
    "- **Warm load** of the first model in a new page is dominated by onnxruntime starting in its proxy worker, not by",
    "  the registry. Breakdown of one warm first `get()` (probe that timestamps the proxy worker's messages; warm",
    "  ≈ 1.35–1.46 s in that run, 2026-11-29 18:3x, same build and link as the bench):",
    "",
    "  | phase (from `get()`) | ms |",
    "  | --- | --- |",
    "  | model bytes from IndexedDB + SHA-256 of 2.5 MB (16 ms of it), in parallel with the next row | 120–135 |",
    "  | runtime wasm (14 MB) from IndexedDB + SHA-256 (58 ms of it); done at | 340–420 |",
    "  | proxy worker start + wasm compile + Emscripten init (`init-wasm`) | 490–510 |",
    "  | onnxruntime environment (`init-ep`) | 100–105 |",
    "  | first session, lgbm_multiclass_v1 (`create`) | 390–430 |",
    "  | for comparison: the whole warm `get()` of a second model once the runtime is up | 100–105 |",
    "",
    "  Probed on the main thread of a warm page: reading the 14 MB record 247 ms, its SHA-256 73 ms,",
    "  `WebAssembly.compile` from the ArrayBuffer 110 ms (106 ms the second time, so no caching at",
    "  play; that speed means V8 compiles functions lazily, on first call). The first session costs ~300 ms more than a",
    "  later one of the same size: first use of a fresh wasm instance. Tried and dropped (measured slower): letting onnxruntime stream the wasm from its URL (served by the",
    "  service worker's precache) so that V8 could use its wasm code cache: warm 1.34–1.49 s in the bench's kind of",
    "  context and 1.41–1.64 s in a persistent profile, `init-wasm` 860–990 ms instead of ~500 ms, and",
    "  `compileStreaming` of the service worker's response took 704 ms against 110 ms from bytes. The SHA-256 of the",
    "  stored runtime (~60–70 ms, ~5 % of warm) stays: it is what keeps a damaged IndexedDB copy from being run. onnxruntime's own",
    "  work in the worker (`init-wasm` + `init-ep` + first `create`) is ~1.0 s, so ≤ 0.1 of cold would need a cold load",
    "  of ≥ 10 s on this link; it is not reachable without starting the runtime before the first `get()`, i.e. without",
    "  giving up lazy loading (every page would then pay ~1.3 s of CPU at start).",
    "  The \"runtime already up\" row isolates the registry: the second model of a page, cold (download) vs warm (IndexedDB).",
    "- **What changed in this run** (branch perf-4): no registry code; the warm-load breakdown above, measured with",
    "  `scripts/bench/warm-breakdown.ts` (a probe, not part of `npm run bench`), and the startup floor. The run before",
    `  (18:09) was on a busier machine: cold 5770 ms and warm 2423 ms then, ${r.cold_load_ms} ms and ${r.warm_load_ms} ms now on a quieter one, so`,
    `  warm/cold rose from 0.42 to ${r.ratios.warm_over_cold} although warm itself fell; the ~1 s of onnxruntime start-up does not shrink with`,
    "  the link, cold does. Also tried on the cold path and dropped: not awaiting the 14 MB IndexedDB write of the",
    "  runtime (the probe shows 0.3–0.7 s between its hash and the worker start): the gap only fell to 0.27–0.45 s and",
    "  the bench's cold load moved by −55 ms, within run-to-run noise.",
    "- **Compressed transfer**: `next start` does not compress `.onnx`, so the registry downloads the `.onnx.gz` variant",
    "  as plain bytes and inflates it with `DecompressionStream`; the SHA-256 check is on the inflated bytes. The",
    "  eager-start rows with and without gzip are the measured effect on cold load time.",
    "- Inference runs in onnxruntime's proxy worker (`env.wasm.proxy = true`) on one thread (`numThreads = 1`): threads",
    "  need cross-origin isolation (COOP/COEP on every page), which the app does not set; per-model p50 is well under the",
    "  5 ms budget without them. Each figure includes the round trip to the worker.",
    "- All figures come from one run on a shared 2-core machine; absolute times vary between runs (other jobs share the",
    "  CPU), the ratios less so.",
    "",
    "Reproduce: `npm run bench:models` (builds with `E2E_TEST_PAGES=1`, serves on port 3450; `BENCH_SKIP_BUILD=1` reuses",
    "a build that has the test pages, `BENCH_URL` targets a running server).",
    "",
  ];
  const path = join(root, "docs", "performance.md");
  mkdirSync(join(root, "docs"), { recursive: true });
  const existing = existsSync(path) ? readFileSync(path, "utf8") : "# Performance\n\n";
  const section = lines.join("\n");
  const start = existing.indexOf("## Model registry");
  let next: string;
  if (start === -1) {
    next = `${existing.trimEnd()}\n\n${section}`;
  } else {
    const after = existing.indexOf("\n## ", start + 1);
    next = existing.slice(0, start) + section + (after === -1 ? "" : `\n${existing.slice(after + 1)}`);
  }
  writeFileSync(path, `${next.trimEnd()}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
