/**
 * npm run bench:lighthouse — Lighthouse 12.2.3 (its default config: mobile emulation, simulated slow 4G and 4× CPU
 * slowdown) on the production build for /, /history, /predictions and /models, in Debian's Chromium. Each page is
 * audited LH_RUNS times (default 3), each run in a fresh Chromium profile, and the median of every category is kept,
 * because single runs swing by several Performance points on a shared machine.
 * Writes bench/results/lighthouse.json and the "Lighthouse" section of docs/performance.md.
 *
 * Beside the four pages, two references measured in the same run (issue 20: our pages beside what Next + React cost
 * here): `shell`, our root layout around an empty page (app/test/blank, built with E2E_TEST_PAGES=1), and `floor`, a
 * blank Next + React app with none of our code (bench/floor, built and served by the same `next` on BENCH_FLOOR_PORT,
 * default BENCH_PORT + 1).
 *
 * It builds both first unless BENCH_SKIP_BUILD=1 (then build them yourself: `E2E_TEST_PAGES=1 npm run build` and
 * `npx next build` in bench/floor); BENCH_URL and BENCH_FLOOR_URL point it at servers you already run instead.
 * LH_REPORT_DIR=<dir> also keeps every run's full Lighthouse JSON there (bootup-time, long-tasks, treemap data…).
 */
import { type ChildProcess, execSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { launch } from "chrome-launcher";
import lighthouse from "lighthouse";
import { CATEGORIES, type CategoryId, medianRun, type PageResult, summarizeRun, TARGETS, TBT_TARGET_MS, type RunSummary } from "./lighthouse-summary";

const root = join(import.meta.dirname, "..", "..");
const port = Number(process.env.BENCH_PORT ?? 3502);
const baseURL = process.env.BENCH_URL ?? `http://localhost:${port}`;
const RUNS = Number(process.env.LH_RUNS ?? 3);
const floorPort = Number(process.env.BENCH_FLOOR_PORT ?? port + 1);
const floorURL = process.env.BENCH_FLOOR_URL ?? `http://localhost:${floorPort}`;
const floorRoot = join(root, "bench", "floor");
const reportDir = process.env.LH_REPORT_DIR;
const PAGES = ["/", "/history", "/predictions", "/models"] as const;
/** Reported under these names; the floor is a different server. */
const REFERENCES = [
  { name: "shell", url: () => `${baseURL}/test/blank` },
  { name: "floor", url: () => floorURL },
] as const;
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

async function waitFor(url: string, what: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} did not answer at ${url}`);
}

/** `next start` in `cwd` on `serverPort`, unless `externalURL` names a server already running. */
async function startServer(cwd: string, serverPort: number, url: string, externalURL: string | undefined): Promise<ChildProcess | null> {
  if (externalURL) return null;
  const busy = await fetch(url).then(() => true, () => false);
  if (busy) throw new Error(`port ${serverPort} is already in use: stop that server, or set BENCH_PORT/BENCH_FLOOR_PORT or BENCH_URL/BENCH_FLOOR_URL`);
  // Its own process group, so that stopping it also stops next-server (a child of the npx wrapper).
  const server = spawn("npx", ["next", "start", "-p", String(serverPort)], { cwd, stdio: "ignore", detached: true });
  await waitFor(url, `next start in ${cwd}`);
  return server;
}

function build(): void {
  if (process.env.BENCH_SKIP_BUILD === "1") return;
  // E2E_TEST_PAGES=1 for app/test/blank (the shell); it adds test-only routes and changes nothing on the four pages.
  if (!process.env.BENCH_URL) execSync("npm run build", { cwd: root, stdio: "inherit", env: { ...process.env, E2E_TEST_PAGES: "1" } });
  if (!process.env.BENCH_FLOOR_URL) execSync("npx next build", { cwd: floorRoot, stdio: "inherit" });
}

async function auditOnce(url: string): Promise<RunSummary> {
  const chrome = await launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_FLAGS });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error" });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    if (result.lhr.runtimeError) throw new Error(`Lighthouse could not audit ${url}: ${result.lhr.runtimeError.message}`);
    if (reportDir) {
      mkdirSync(reportDir, { recursive: true });
      const name = new URL(url).pathname.replace(/[^a-z0-9]+/gi, "_") || "_";
      writeFileSync(join(reportDir, `${url.startsWith(floorURL) ? "floor" : name}-${Date.now()}.json`), JSON.stringify(result.lhr));
    }
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
  build();
  const servers: (ChildProcess | null)[] = [];
  const pages: Record<string, PageResult> = {};
  const pageLoad: Record<string, { start: number; end: number }> = {};
  const load: number[] = [];
  const loadAtStart = loadAverage();
  try {
    servers.push(await startServer(root, port, baseURL, process.env.BENCH_URL));
    servers.push(await startServer(floorRoot, floorPort, floorURL, process.env.BENCH_FLOOR_URL));
    const shell = await fetch(`${baseURL}/test/blank`);
    if (shell.status === 404) throw new Error("the build has no /test/blank: build with E2E_TEST_PAGES=1 (or unset BENCH_SKIP_BUILD)");
    const targets = [...PAGES.map((path) => ({ name: path as string, url: `${baseURL}${path}` })), ...REFERENCES.map((r) => ({ name: r.name as string, url: r.url() }))];
    for (const { name, url } of targets) {
      const runs: RunSummary[] = [];
      const start = loadavg()[0]!;
      for (let i = 0; i < RUNS; i++) {
        load.push(loadavg()[0]!);
        const run = await auditOnce(url);
        console.log(`${name} run ${i + 1}: ${CATEGORIES.map((c) => `${c} ${run.scores[c]}`).join(", ")}, TBT ${run.metrics.total_blocking_time_ms} ms, load ${round(loadavg()[0]!)}`);
        runs.push(run);
      }
      pages[name] = medianRun(runs);
      pageLoad[name] = { start: round(start), end: round(loadavg()[0]!) };
    }
  } finally {
    for (const server of servers) if (server?.pid) process.kill(-server.pid, "SIGTERM");
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
  console.log(JSON.stringify(Object.fromEntries(Object.entries(pages).map(([p, r]) => [p, { ...r.median, ...r.median_metrics }])), null, 2));
}

/** How the docs' table names the two references. */
const LABEL: Record<string, string> = {
  shell: "shell (`/test/blank`: our layout, empty page)",
  floor: "floor (blank Next + React app, bench/floor)",
};

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
      return `| ${LABEL[path] ?? `\`${path}\``} | ${CATEGORIES.map((c) => cell(r, c)).join(" | ")} | ${tbt <= TBT_TARGET_MS ? tbt : `**${tbt}** (missed)`} | ${lcp} s | ${l.start} → ${l.end} |`;
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
