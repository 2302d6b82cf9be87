/**
 * npm run bench:lighthouse — Lighthouse 12.2.3 (its default config: mobile emulation, simulated slow 4G and 4× CPU
 * slowdown) on the production build for /, /history, /predictions and /models, in Debian's Chromium. Each page is
 * audited LH_RUNS times (default 3), each run in a fresh Chromium profile, and the median of every category is kept,
 * because single runs swing by several Performance points on a shared machine.
 * Writes bench/results/lighthouse.json and the "Lighthouse" section of docs/performance.md.
 *
 * It builds first unless BENCH_SKIP_BUILD=1; BENCH_URL points it at a server you already run instead.
 */
import { type ChildProcess, execSync, spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { launch } from "chrome-launcher";
import lighthouse from "lighthouse";
import { CATEGORIES, type CategoryId, medianRun, type PageResult, summarizeRun, TARGETS, TBT_TARGET_MS, type RunSummary } from "./lighthouse-summary";

const root = join(import.meta.dirname, "..", "..");
const port = Number(process.env.BENCH_PORT ?? 3502);
const baseURL = process.env.BENCH_URL ?? `http://localhost:${port}`;
const RUNS = Number(process.env.LH_RUNS ?? 3);
const PAGES = ["/", "/history", "/predictions", "/models"] as const;
const CHROME_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROME_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  // Machines without internet: keep Chromium from dialling out (and waiting on it) during the audit.
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

async function startServer(): Promise<ChildProcess | null> {
  if (process.env.BENCH_URL) return null;
  const busy = await fetch(baseURL).then(() => true, () => false);
  if (busy) throw new Error(`port ${port} is already in use: stop that server, or set BENCH_PORT or BENCH_URL`);
  if (process.env.BENCH_SKIP_BUILD !== "1") execSync("npm run build", { cwd: root, stdio: "inherit" });
  // Its own process group, so that stopping it also stops next-server (a child of the npx wrapper).
  const server = spawn("npx", ["next", "start", "-p", String(port)], { cwd: root, stdio: "ignore", detached: true });
  for (let i = 0; i < 240; i++) {
    if (await fetch(baseURL).then((r) => r.ok, () => false)) return server;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`next start did not answer at ${baseURL}`);
}

async function auditOnce(url: string): Promise<RunSummary> {
  const chrome = await launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_FLAGS });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error" });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    if (result.lhr.runtimeError) throw new Error(`Lighthouse could not audit ${url}: ${result.lhr.runtimeError.message}`);
    return summarizeRun(result.lhr);
  } finally {
    chrome.kill();
  }
}

/** os.loadavg(): 1, 5 and 15 minutes, rounded. A Total Blocking Time means little without the load beside it. */
const loadAverage = () => {
  const [one, five, fifteen] = loadavg().map(round);
  return { "1m": one!, "5m": five!, "15m": fifteen! };
};

async function main(): Promise<void> {
  const server = await startServer();
  const pages: Record<string, PageResult> = {};
  const pageLoad: Record<string, { start: number; end: number }> = {};
  const load: number[] = [];
  const loadAtStart = loadAverage();
  try {
    for (const path of PAGES) {
      const runs: RunSummary[] = [];
      const start = loadavg()[0]!;
      for (let i = 0; i < RUNS; i++) {
        load.push(loadavg()[0]!);
        const run = await auditOnce(`${baseURL}${path}`);
        console.log(`${path} run ${i + 1}: ${CATEGORIES.map((c) => `${c} ${run.scores[c]}`).join(", ")}, TBT ${run.metrics.total_blocking_time_ms} ms`);
        runs.push(run);
      }
      pages[path] = medianRun(runs);
      pageLoad[path] = { start: round(start), end: round(loadavg()[0]!) };
    }
  } finally {
    if (server?.pid) process.kill(-server.pid, "SIGTERM");
  }
  const loadAtEnd = loadAverage();
  const results = {
    tool: "lighthouse 12.2.3 (default config: mobile emulation, simulated throttling)",
    chromium: execSync(`${CHROME_PATH} --version`).toString().trim(),
    measured_at: new Date().toISOString(),
    runs_per_page: RUNS,
    machine: {
      cpus: cpus().length,
      load_average_at_start: loadAtStart,
      load_average_at_end: loadAtEnd,
      load_average_1m_during_runs: { min: round(Math.min(...load)), max: round(Math.max(...load)) },
    },
    targets: { ...TARGETS, total_blocking_time_ms: TBT_TARGET_MS },
    pages: Object.fromEntries(
      Object.entries(pages).map(([path, r]) => [
        path,
        {
          ...r.median,
          ...r.median_metrics,
          load_average_1m: pageLoad[path],
          runs: r.runs.map((x) => ({ ...x.scores, ...x.metrics })),
          failing_audits: r.failing,
        },
      ]),
    ),
  };
  writeFileSync(join(root, "bench", "results", "lighthouse.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeDocs(pages, pageLoad, results.measured_at, results.chromium, results.machine.load_average_1m_during_runs);
  console.log(JSON.stringify(Object.fromEntries(Object.entries(pages).map(([p, r]) => [p, r.median])), null, 2));
}

const round = (n: number) => Math.round(n * 10) / 10;

function writeDocs(
  pages: Record<string, PageResult>,
  pageLoad: Record<string, { start: number; end: number }>,
  at: string,
  chromium: string,
  load: { min: number; max: number },
): void {
  const target = (c: CategoryId) => (TARGETS[c] === 100 ? "100" : `≥ ${TARGETS[c]}`);
  const cell = (r: PageResult, c: CategoryId) => {
    const v = r.median[c];
    return v >= TARGETS[c] ? `${v}` : `**${v}** (missed)`;
  };
  const misses = Object.entries(pages).flatMap(([path, r]) =>
    r.failing.map((a) => `- \`${path}\` ${a.category}: ${a.id} (${a.title}${a.display ? `: ${a.display}` : ""}), weight ${a.weight}, score ${a.score}`),
  );
  const lines = [
    "## Lighthouse",
    "",
    `Measured by \`npm run bench:lighthouse\` (${at}; scripts/bench/lighthouse.ts): Lighthouse 12.2.3 with its default`,
    "config (mobile: Moto G Power emulation, simulated slow 4G, 4× CPU slowdown) against `next start` of the production",
    `build, in ${chromium} (headless, no sandbox, no GPU, background networking off), a fresh profile per run (first`,
    `visit: no service worker, empty IndexedDB). Median of ${RUNS} runs per page and category; every run is in`,
    "`bench/results/lighthouse.json`.",
    "",
    `**Machine caveat:** 2 vCPUs shared with other engineers' builds and browser tests (1-minute load average ${load.min}–${load.max}`,
    "during the runs). Lighthouse's simulated throttling starts from what it observes, so Performance on this machine is",
    "pessimistic and moves by a few points between runs; Accessibility, Best Practices and SEO do not depend on load.",
    "",
    `| page | Performance (${target("performance")}) | Accessibility (${target("accessibility")}) | Best Practices (${target("best_practices")}) | SEO (${target("seo")}) | TBT (≤ ${TBT_TARGET_MS} ms) | LCP | load average (1 m, start → end) |`,
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...Object.entries(pages).map(([path, r]) => {
      const tbt = r.median_metrics.total_blocking_time_ms;
      const lcp = (r.median_metrics.largest_contentful_paint_ms / 1000).toFixed(1);
      const l = pageLoad[path]!;
      return `| \`${path}\` | ${CATEGORIES.map((c) => cell(r, c)).join(" | ")} | ${tbt <= TBT_TARGET_MS ? tbt : `**${tbt}** (missed)`} | ${lcp} s | ${l.start} → ${l.end} |`;
    }),
    "",
    misses.length === 0 ? "Every target met on every page." : "Where the points go (audits that failed in the median run of a missed category):",
    ...(misses.length === 0 ? [] : ["", ...misses]),
    "",
  ];
  const path = join(root, "docs", "performance.md");
  const existing = existsSync(path) ? readFileSync(path, "utf8") : "# Performance\n\n";
  // The section is regenerated; prose kept by hand after "How to read it:" (if any) stays, as in the models bench.
  const start = existing.indexOf("## Lighthouse");
  let next: string;
  if (start === -1) {
    next = `${existing.trimEnd()}\n\n${lines.join("\n")}`;
  } else {
    const after = existing.indexOf("\n## ", start + 1);
    const end = after === -1 ? existing.length : after + 1;
    const prose = existing.indexOf("How to read it:", start);
    const kept = prose !== -1 && prose < end ? existing.slice(prose, end) : "";
    next = existing.slice(0, start) + lines.join("\n") + (kept ? `\n${kept}` : "\n") + existing.slice(end);
  }
  writeFileSync(path, `${next.trimEnd()}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
