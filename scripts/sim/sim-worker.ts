import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parentPort } from "node:worker_threads";
import { shrinkSchedule } from "@/tests/chaos/shrink";
import { kindOf } from "@/tests/sim/history";
import { runSchedule } from "@/tests/sim/run-schedule";
import { describeOp, generateSchedule, type Schedule } from "@/tests/sim/schedule";

/**
 * A simulation worker thread: runs the seeds it is sent, answers with each one's verdict and trace hash, and shrinks
 * a failing schedule when asked. Imported only inside a worker (run.ts starts it): it replaces the thread's clock.
 */
export type WorkerRequest =
  | { kind: "run"; seeds: number[]; record: string | null }
  | { kind: "shrink"; seed: number; seconds: number };
export type SeedResult = { seed: number; violations: string[]; traceHash: string; steps: number; ms: number };
export type WorkerReply = { kind: "started"; seed: number } | { kind: "ran"; results: SeedResult[] } | { kind: "shrunk"; seed: number; keep: number[]; ops: string[]; violations: string[]; tries: number };


export async function shrink(seed: number, seconds: number): Promise<WorkerReply> {
  const schedule = generateSchedule(seed);
  const original = await runSchedule(schedule);
  const kinds = new Set(original.violations.map(kindOf));
  const indexed = schedule.ops.map((op, index) => ({ op, index }));
  const failsWith = async (candidate: typeof indexed) => {
    const trial: Schedule = { ...schedule, ops: candidate.map((c) => c.op) };
    const result = await runSchedule(trial);
    return result.violations.some((v) => kinds.has(kindOf(v)));
  };
  const start = performance.now();
  const shrunk = await shrinkSchedule(indexed, failsWith, { deadline: start + seconds * 1000, now: () => performance.now() });
  const final = await runSchedule({ ...schedule, ops: shrunk.ops.map((c) => c.op) });
  return { kind: "shrunk", seed, keep: shrunk.ops.map((c) => c.index), ops: shrunk.ops.map((c) => describeOp(c.op)), violations: final.violations, tries: shrunk.tries };
}

async function runSeeds(seeds: number[], record: string | null): Promise<WorkerReply> {
  const results: SeedResult[] = [];
  for (const seed of seeds) {
    // Told first, so that if this seed never yields (a microtask loop cannot be interrupted here), the main thread
    // knows which one to blame when it ends this worker.
    parentPort?.postMessage({ kind: "started", seed } satisfies WorkerReply);
    const start = performance.now();
    const result = await runSchedule(generateSchedule(seed), { record: record !== null });
    if (record !== null && result.recording) {
      mkdirSync(record, { recursive: true });
      writeFileSync(join(record, `seed-${seed}.json`), `${JSON.stringify(result.recording, null, 1)}\n`);
    }
    results.push({ seed, violations: result.violations, traceHash: result.traceHash, steps: result.steps, ms: performance.now() - start });
  }
  return { kind: "ran", results };
}

if (parentPort) {
  // The app logs its handled failures (auth-js prints failed refreshes); thousands of schedules would drown the report.
  console.error = () => undefined;
  console.warn = () => undefined;
}

parentPort?.on("message", (request: WorkerRequest) => {
  const work = request.kind === "run" ? runSeeds(request.seeds, request.record) : shrink(request.seed, request.seconds);
  void work.then((reply) => parentPort!.postMessage(reply));
});
