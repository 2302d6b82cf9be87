/**
 * `tsx scripts/bench/personal-browser-bench.ts` → bench/results/personal-browser.json: how long a personal model takes
 * to train for 365 days of history in this machine's Chromium, in the app's training worker (issue 19, item 7: ≤ 2 s),
 * and whether the page's main thread is blocked meanwhile (long tasks observed during training).
 *
 * Runs against a production build with the test-only harness page (/test/personal, E2E_TEST_PAGES=1) that you serve:
 * `NEXT_TURBOPACK_ROOT=/work E2E_TEST_PAGES=1 npm run build && npx next start -p 3230`, then
 * `BENCH_URL=http://localhost:3230 npm run bench:personal-browser`.
 *
 * The history: of 20 simulated people over 366 days (scripts/models/simulate.ts, a seed the generic models never saw),
 * the one who checked in most often, and a person who checked in on every one of the 365 days (the worst case: the
 * most scored days). Per type: one warm-up run (worker start, JIT), then BENCH_RUNS timed runs; medians reported.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { PERSONAL_TYPES, type PersonalCheckIn } from "@/lib/personal/types";
import { simulate } from "@/scripts/models/simulate";

const root = join(import.meta.dirname, "..", "..");
const baseURL = process.env.BENCH_URL ?? "http://localhost:3230";
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const DAYS = 365;
const SEED = 20261207 + 7;
const DAY_MS = 86_400_000;

function mostReliablePerson(): PersonalCheckIn[] {
  const people = simulate({ seed: SEED, people: 20, minDays: DAYS + 1, maxDays: DAYS + 1 });
  const histories = people.map((p) => p.days.flatMap((d, i) => (d.checkIn ? [{ id: `p${p.id}-${String(i).padStart(3, "0")}`, ...d.checkIn }] : [])));
  return histories.sort((a, b) => b.length - a.length)[0] as PersonalCheckIn[];
}

/** Every day for 365 days: a simulated person's values, with the missing days filled from the day before. */
function dailyPerson(from: PersonalCheckIn[]): PersonalCheckIn[] {
  const start = Date.UTC(2025, 0, 6);
  let last = from[0] as PersonalCheckIn;
  const byDay = new Map(from.map((c) => [Math.floor(Date.parse(c.checkin_date) / DAY_MS), c]));
  const first = Math.floor(Date.parse(last.checkin_date) / DAY_MS);
  return Array.from({ length: DAYS }, (_, i) => {
    last = byDay.get(first + i) ?? last;
    return { ...last, id: `daily-${String(i).padStart(3, "0")}`, checkin_date: new Date(start + i * DAY_MS + 20 * 3_600_000).toISOString() };
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const round = (x: number) => Math.round(x * 10) / 10;

async function main() {
  const reliable = mostReliablePerson();
  const histories = { simulated_most_reliable: reliable, every_day: dailyPerson(reliable) };
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
  const page = await browser.newPage();
  await page.addInitScript("globalThis.__name = (fn) => fn;");
  await page.goto(`${baseURL}/test/personal`);
  await page.getByTestId("personal-harness-state").getByText("ready").waitFor({ timeout: 60_000 });
  // Long tasks on the page's main thread while the worker trains: none means the page stayed responsive.
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({ type: "longtask", buffered: false });
  });
  const results: Record<string, Record<string, unknown>> = {};
  for (const [name, checkIns] of Object.entries(histories)) {
    results[name] = { check_ins: checkIns.length };
    for (const type of PERSONAL_TYPES) {
      const runs: { workerMs: number; roundTripMs: number; decision: string; scoredDays: number; onnxBytes: number }[] = [];
      await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks = []));
      for (let i = 0; i < RUNS + 1; i++) {
        const r = await page.evaluate(({ t, c }) => window.__personalTest!.train(t, c, "UTC"), { t: type, c: checkIns });
        if (i > 0) runs.push(r);
      }
      const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
      const last = runs[runs.length - 1]!;
      results[name][type] = {
        scored_days: last.scoredDays,
        decision: last.decision,
        median_worker_ms: round(median(runs.map((r) => r.workerMs))),
        max_worker_ms: round(Math.max(...runs.map((r) => r.workerMs))),
        median_round_trip_ms: round(median(runs.map((r) => r.roundTripMs))),
        main_thread_long_tasks: longTasks.length,
        main_thread_longest_task_ms: round(Math.max(0, ...longTasks)),
      };
      console.log(name, type, JSON.stringify(results[name][type]));
    }
  }
  const version = browser.version();
  await browser.close();
  const out = {
    measured_at: new Date().toISOString(),
    what:
      `buildPersonalModel for ${DAYS} days of history in Chromium's module worker (the app's training worker, /test/personal): ` +
      `median of ${RUNS} runs after one warm-up; round trip = posting the check-ins + training + the build back. Target ≤ 2000 ms per type.`,
    chromium: version,
    machine: { cpus: cpus().length, load_average_1m: round(loadavg()[0] as number) },
    results,
  };
  mkdirSync(join(root, "bench/results"), { recursive: true });
  writeFileSync(join(root, "bench/results/personal-browser.json"), `${JSON.stringify(out, null, 2)}\n`);
  console.log(JSON.stringify(out, null, 2));
}

void main();
