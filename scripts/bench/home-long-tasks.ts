/**
 * What the home page's long tasks are (issue 20, item 3): a Chromium trace (CDP, through Playwright's startTracing) of
 * `/` loading, for a first visit (fresh profile) and for a returning person (same profile after one Save, so the
 * runtime and the five models are in IndexedDB and the service worker controls the page). For every main-thread task
 * over 50 ms it prints when it ran, how long, and what ran inside it (the largest direct children: script evaluation
 * by URL, function calls by URL and name, compile, GC, layout). Not part of `npm run bench`: a probe against a running
 * production build, e.g.
 *   BENCH_URL=http://localhost:3320 RUNS=3 CPU_SLOWDOWN=4 npx tsx scripts/bench/home-long-tasks.ts
 * CPU_SLOWDOWN (default 1) sets CDP's CPU throttling, as a mobile phone; Lighthouse's 4× is simulated, not applied.
 * Writes bench/results/home-long-tasks.json with os.loadavg() at start and end: on a shared machine the durations are
 * upper bounds, and which tasks are long (and what is in them) is the finding, more than their length.
 */
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "@playwright/test";

const root = join(import.meta.dirname, "..", "..");
const base = process.env.BENCH_URL ?? "http://localhost:3320";
const RUNS = Number(process.env.RUNS ?? 3);
const SLOWDOWN = Number(process.env.CPU_SLOWDOWN ?? 1);
// What Lighthouse's TBT counts: the part of each main-thread task past 50 ms, from first paint to interactive; here
// over the whole observation window (load + 5 s, long enough for the idle-time work a returning person's page starts).
const LONG_MS = 50;
const OBSERVE_AFTER_LOAD_MS = 5_000;

type TraceEvent = { name: string; cat: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string; data?: Record<string, unknown> } };
type Child = { what: string; ms: number };
type LongTask = { at_ms: number; ms: number; children: Child[] };
type Visit = { long_tasks: LongTask[]; blocking_ms: number; long_task_ms: number };

const round = (n: number) => Math.round(n * 10) / 10;

/** Trace events that name the work: scripts (with their URL), callbacks, parsing, style, layout, paint, GC. */
const SAYS_WHAT = new Set([
  "EvaluateScript", "v8.compile", "v8.compileModule", "v8.evaluateModule", "FunctionCall", "TimerFire", "FireIdleCallback",
  "FireAnimationFrame", "EventDispatch", "RunMicrotasks", "ParseHTML", "ParseAuthorStyleSheet", "UpdateLayoutTree", "Layout",
  "PrePaint", "Paint", "MajorGC", "MinorGC", "BlinkGC.AtomicPhase", "v8.wasm.compiledModule", "v8.wasm.streamFromResponseCallback",
  "v8.run", "v8.callFunction", "XHRReadyStateChange", "HandlePostMessage", "ResourceReceivedData", "CommitLoad", "LocalWindowProxy::Initialize",
]);

function describe(e: TraceEvent): string {
  const d = e.args?.data ?? {};
  const url = typeof d.url === "string" ? d.url.replace(base, "") : "";
  const fn = typeof d.functionName === "string" && d.functionName ? ` ${d.functionName}` : "";
  const type = typeof d.type === "string" ? ` ${d.type}` : "";
  // Next's chunks are content-hashed names: shorten to the file, which the build's chunk list maps back to modules.
  return `${e.name}${type}${url ? ` ${url}` : ""}${fn}`;
}

/** The renderer main thread's tasks over 50 ms, each with its largest direct children. */
function longTasks(events: TraceEvent[], originTs: number): LongTask[] {
  const threadNames = events.filter((e) => e.ph === "M" && e.name === "thread_name");
  const mains = new Set(threadNames.filter((e) => e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => e.ph === "X" && e.dur !== undefined && mains.has(`${e.pid}:${e.tid}`)).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const tasks = onMain.filter((e) => e.name === "RunTask" && e.dur! / 1000 > LONG_MS && e.ts >= originTs);
  return tasks.map((task) => {
    const end = task.ts + task.dur!;
    const inside = onMain.filter((e) => e !== task && e.pid === task.pid && e.tid === task.tid && e.ts >= task.ts && e.ts + e.dur! <= end);
    // The outermost events that say what ran (a script by URL, a callback, style, layout, GC), summed by description:
    // the scheduler's own wrappers (ThreadControllerImpl::RunTask…) say nothing.
    const totals = new Map<string, number>();
    let openEnd = -1;
    for (const e of inside.filter((x) => SAYS_WHAT.has(x.name))) {
      if (e.ts < openEnd) continue;
      openEnd = e.ts + e.dur!;
      totals.set(describe(e), (totals.get(describe(e)) ?? 0) + e.dur!);
    }
    const children = [...totals].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([what, us]) => ({ what, ms: round(us / 1000) }));
    return { at_ms: round((task.ts - originTs) / 1000), ms: round(task.dur! / 1000), children };
  });
}

async function tracedVisit(browser: Browser, context: BrowserContext): Promise<Visit> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (SLOWDOWN > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: SLOWDOWN });
  await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "toplevel", "blink.user_timing", "__metadata"] });
  await page.goto(`${base}/`, { waitUntil: "load" });
  // A fixed window on purpose: what is measured is the idle-time work after load, which no event announces the end of.
  await page.waitForTimeout(OBSERVE_AFTER_LOAD_MS);
  const buffer = await browser.stopTracing();
  await page.close();
  const events = (JSON.parse(buffer.toString("utf8")) as { traceEvents: TraceEvent[] }).traceEvents;
  const nav = events.find((e) => e.name === "navigationStart" && (e.args?.data as { isLoadingMainFrame?: boolean } | undefined)?.isLoadingMainFrame);
  const origin = nav?.ts ?? Math.min(...events.filter((e) => e.ts > 0).map((e) => e.ts));
  const tasks = longTasks(events, origin);
  return { long_tasks: tasks, blocking_ms: round(tasks.reduce((s, t) => s + t.ms - LONG_MS, 0)), long_task_ms: round(tasks.reduce((s, t) => s + t.ms, 0)) };
}

/** One Save in this profile: the runtime and the five models are then stored, as for anyone who has checked in once. */
async function checkInOnce(context: BrowserContext): Promise<void> {
  const page: Page = await context.newPage();
  await page.goto(`${base}/`);
  const save = page.getByRole("button", { name: "Save check-in" });
  await save.waitFor();
  for (const [label, value] of [["Mood", "6"], ["Energy", "5"], ["Stress", "4"], ["Sleep (hours)", "7"]] as const) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
  await save.click();
  await page.getByTestId("prediction-results").waitFor({ timeout: 120_000 });
  // The service worker installs at idle after load (app/_components/service-worker.ts): wait until it controls a page.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.close();
}

async function main() {
  const loadAtStart = loadavg().map(round);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: process.getuid?.() === 0 ? ["--no-sandbox"] : [] });
  const first: Visit[] = [];
  const returning: Visit[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      first.push(await tracedVisit(browser, context));
      await checkInOnce(context);
      returning.push(await tracedVisit(browser, context));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const result = {
    measured_at: new Date().toISOString(),
    url: `${base}/`,
    cpu_slowdown: SLOWDOWN,
    runs: RUNS,
    observed: `navigation to load + ${OBSERVE_AFTER_LOAD_MS} ms`,
    load_average: { at_start: loadAtStart, at_end: loadavg().map(round) },
    median_blocking_ms: { first_visit: median(first.map((v) => v.blocking_ms)), returning_person: median(returning.map((v) => v.blocking_ms)) },
    first_visit: first,
    returning_person: returning,
  };
  writeFileSync(join(root, "bench", "results", "home-long-tasks.json"), `${JSON.stringify(result, null, 2)}\n`);
  for (const [name, visits] of [["first visit", first], ["returning person", returning]] as const) {
    console.log(`\n== ${name}: blocking (Σ task − 50 ms) ${visits.map((v) => v.blocking_ms).join(", ")} ms`);
    for (const task of visits[Math.floor(visits.length / 2)]!.long_tasks) {
      console.log(`  at ${task.at_ms} ms: ${task.ms} ms`);
      for (const c of task.children) console.log(`      ${c.ms} ms  ${c.what}`);
    }
  }
  console.log(`\nload average at start ${loadAtStart.join(" ")}, at end ${result.load_average.at_end.join(" ")}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
