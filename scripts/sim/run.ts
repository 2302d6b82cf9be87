// npm run test:sim -- [--seed N] [--runs K] [--verbose] [--record <dir>] [--workers W] [--shrink-seconds S] [--keep i,j,…]
// Runs K simulated schedules (seeds N … N+K-1) of the real sync code against the server models (tests/sim), on
// worker threads. A failing seed is shrunk and printed with its replay command. --runs 1 runs in this process
// (with --verbose: the whole trace); --keep replays a shrunk schedule (the indices of the ops it kept).
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { askSimWorker as ask, startSimWorker as startWorker, WorkerTimeoutError } from "./pool";
import { kindOf } from "@/tests/sim/history";
import type { SeedResult } from "./sim-worker";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "1" },
    runs: { type: "string", default: "10000" },
    verbose: { type: "boolean", default: false },
    record: { type: "string" },
    workers: { type: "string", default: String(Math.min(2, availableParallelism())) },
    "shrink-seconds": { type: "string", default: "60" },
    keep: { type: "string" },
  },
});
for (const name of ["seed", "runs", "workers", "shrink-seconds"] as const) {
  if (!/^\d+$/.test(values[name])) {
    console.error(`--${name} must be a whole number; got "${values[name]}"`);
    process.exit(2);
  }
}
const firstSeed = Number(values.seed);
const runs = Number(values.runs);
const BATCH = 20;
/** No single schedule takes this long (a 1,000-entry queue takes seconds): a worker silent this long is stuck. */
const SEED_TIMEOUT_MS = Number(process.env.SIM_SEED_TIMEOUT_MS ?? 120_000);

const replay = (seed: number, keep?: number[]) => `npm run test:sim -- --seed ${seed} --runs 1 --verbose${keep ? ` --keep ${keep.join(",")}` : ""}`;

async function inProcess(): Promise<void> {
  const { runSchedule } = await import("@/tests/sim/run-schedule");
  const { describeOp, generateSchedule } = await import("@/tests/sim/schedule");
  const schedule = generateSchedule(firstSeed);
  if (values.keep !== undefined) schedule.ops = values.keep.split(",").filter(Boolean).map((i) => schedule.ops[Number(i)]!);
  console.log(`[sim] seed ${firstSeed}: ${schedule.users} people, ${schedule.devices.length} devices, token ${schedule.tokenTtlSeconds} s, faults ${schedule.faultRate}`);
  for (const [i, d] of schedule.devices.entries()) console.log(`[sim]   device ${i}: ${d.tabs} tabs, skew ${d.skewMs} ms, locks ${d.locks}, broadcast ${d.broadcast}`);
  for (const op of schedule.ops) console.log(`[sim]   ${describeOp(op)}`);
  const result = await runSchedule(schedule, { verbose: values.verbose, record: false });
  console.log(`[sim] ${result.steps} steps, trace ${result.traceHash.slice(0, 16)}`);
  for (const v of result.violations) console.log(`[sim] VIOLATION ${v}`);
  console.log(result.violations.length === 0 ? "1 passed, 0 failed" : "0 passed, 1 failed");
  process.exit(result.violations.length === 0 ? 0 : 1);
}

async function inWorkers(): Promise<void> {
  const workers = Array.from({ length: Math.max(1, Number(values.workers)) }, startWorker);
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const results: SeedResult[] = [];
  let next = firstSeed;
  const end = firstSeed + runs;
  let failed = false;
  await Promise.all(
    workers.map(async (_, w) => {
      while (next < end && !failed) {
        const seeds = Array.from({ length: Math.min(BATCH, end - next) }, (_, i) => next + i);
        next += seeds.length;
        let batch: SeedResult[];
        try {
          const reply = await ask(workers[w]!, { kind: "run", seeds, record: values.record ?? null }, SEED_TIMEOUT_MS);
          if (reply.kind !== "ran") throw new Error("worker answered out of turn");
          batch = reply.results;
        } catch (error) {
          if (!(error instanceof WorkerTimeoutError)) throw error;
          // The stuck seed fails; the batch's other seeds are not counted (they did not all run).
          batch = [{ seed: error.seed ?? seeds[0]!, violations: [`stuck: ${error.message}`], traceHash: "", steps: 0, ms: SEED_TIMEOUT_MS }];
          workers[w] = startWorker();
        }
        results.push(...batch);
        if (batch.some((r) => r.violations.length > 0) && !process.env.SIM_KEEP_GOING) failed = true;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const failures = results.filter((r) => r.violations.length > 0).sort((a, b) => a.seed - b.seed);
  const steps = results.reduce((n, r) => n + r.steps, 0);
  const slowest = [...results].sort((a, b) => b.ms - a.ms)[0];
  console.log(`[sim] ${results.length} schedules in ${seconds.toFixed(1)} s: ${(results.length / seconds).toFixed(0)} schedules/s on ${workers.length} workers (${steps} scheduler steps; slowest seed ${slowest?.seed} ${slowest?.ms.toFixed(0)} ms)`);
  // Wall time depends on what else the machine runs; CPU time per schedule does not (much).
  console.log(`[sim] CPU ${cpuSeconds.toFixed(1)} s: ${((cpuSeconds * 1000) / Math.max(1, results.length)).toFixed(1)} ms per schedule, ${(results.length / (cpuSeconds / workers.length)).toFixed(0)} schedules/s on ${workers.length} idle cores`);
  if (values.record) console.log(`[sim] recorded ${results.length} request sequences in ${values.record}`);
  const kinds = new Map<string, number[]>();
  for (const f of failures) for (const kind of new Set(f.violations.map(kindOf))) kinds.set(kind, [...(kinds.get(kind) ?? []), f.seed]);
  for (const [kind, seeds] of kinds) console.log(`[sim] ${kind}: ${seeds.length} seeds (${seeds.slice(0, 8).join(", ")}${seeds.length > 8 ? ", …" : ""})`);
  const first = failures[0];
  if (first) {
    console.log(`[sim] FAILED seed ${first.seed}:`);
    for (const v of first.violations.slice(0, 10)) console.log(`[sim]   ${v}`);
    console.log(`[sim] replay: ${replay(first.seed)}`);
    // A seed that never yields cannot be shrunk by running it again; anything else can.
    const shrinkable = first.traceHash !== "";
    const shrunk = shrinkable ? await ask(workers[0]!, { kind: "shrink", seed: first.seed, seconds: Number(values["shrink-seconds"]) }, SEED_TIMEOUT_MS).catch(() => null) : null;
    if (shrunk?.kind === "shrunk") {
      console.log(`[sim] shrunk to ${shrunk.ops.length} ops in ${shrunk.tries} tries:`);
      for (const op of shrunk.ops) console.log(`[sim]   ${op}`);
      for (const v of shrunk.violations.slice(0, 5)) console.log(`[sim]   → ${v}`);
      console.log(`[sim] replay the shrunk schedule: ${replay(first.seed, shrunk.keep)}`);
    }
  }
  await Promise.all(workers.map((w) => w.terminate()));
  console.log(`${results.length - failures.length} passed, ${failures.length} failed`);
  process.exit(failures.length === 0 ? 0 : 1);
}

await (runs === 1 || values.keep !== undefined ? inProcess() : inWorkers());
