// npm run bench:sync [-- --sizes 100,1000,10000] [--out bench/results/sync.json]
//
// Issue 18's sync benchmark: push and pull of 100, 1,000 and 10,000 check-ins (each with five predictions) through
// the local stack (real PostgreSQL 17 + real PostgREST 12.0.2 behind the gateway, tests/stack), on the device side a
// local store on fake-indexeddb. Wall time, requests (the gateway's log), rows per second, the per-check-in cost at
// 10,000 against 1,000, and the load average beside each figure. Targets (issue 18): 10,000 pushed in <= 30 s,
// pulled in <= 15 s, per-row cost at 10,000 within 1.5x of that at 1,000.
import { writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startSupabaseStack } from "../../tests/stack/start-stack";
import { BenchEngineError } from "./sync/bench-engine";
import { newEngine } from "./sync/engine-new";
import { measurePhase, type PhaseFigures } from "./sync/measure";
import { benchRows } from "./sync/rows";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "100,1000,10000" },
    out: { type: "string" },
  },
});
const sizes = values.sizes.split(",").map((s) => Number(s.trim()));
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new RangeError(`--sizes must be whole numbers >= 1; got ${values.sizes}`);
const out = values.out ?? "bench/results/sync.json";

const PASSWORD = "correct horse battery";
const TARGETS = { push10kMs: 30_000, pull10kMs: 15_000, perRowRatio: 1.5 };
type SizeResult = { checkIns: number; rows: number; push: PhaseFigures; pull: PhaseFigures };

const stack = await startSupabaseStack();
const results: SizeResult[] = [];
let engineName = "";
try {
  for (const size of sizes) {
    // A new person per size: the other sizes' rows are not in the way (nor in the counts).
    const email = `sync-bench-${size}-${Date.now()}@example.com`;
    const { id: userId } = await stack.control.createUser(email, PASSWORD);
    const engine = await newEngine({ url: stack.url, anonKey: stack.anonKey, userId, email, password: PASSWORD });
    engineName = engine.name;
    try {
      const rows = benchRows(userId, size);
      console.log(`[bench:sync] ${size}: seeding the queue…`);
      await engine.seedQueue(rows);
      const push = await measurePhase(stack.control, size, () => engine.push(), engine.network);
      const [stored] = await stack.control.rows<{ c: number; p: number }>(
        "select (select count(*) from public.check_ins where user_id = $1)::int as c, (select count(*) from public.predictions where user_id = $1)::int as p",
        [userId],
      );
      if (stored?.c !== size || stored.p !== size * 5) throw new BenchEngineError(`after the push PostgreSQL holds ${stored?.c} check-ins and ${stored?.p} predictions; expected ${size} and ${size * 5}`);
      console.log(`[bench:sync] ${size}: pushed in ${push.figures.ms} ms (${push.figures.inFetchMs} ms in fetch), ${push.figures.requests.rest} requests`);
      const pull = await measurePhase(stack.control, size, () => engine.pullFresh(), engine.network);
      if (pull.result !== size) throw new BenchEngineError(`after the pull the new device holds ${pull.result} check-ins; expected ${size}`);
      console.log(`[bench:sync] ${size}: pulled in ${pull.figures.ms} ms (${pull.figures.inFetchMs} ms in fetch), ${pull.figures.requests.rest} requests`);
      results.push({ checkIns: size, rows: size * 6, push: push.figures, pull: pull.figures });
    } finally {
      await engine.close();
    }
  }
} finally {
  await stack.stop();
}

const at = (n: number) => results.find((r) => r.checkIns === n);
const ratio = (phase: "push" | "pull") => {
  const big = at(10_000)?.[phase].msPerCheckIn;
  const small = at(1_000)?.[phase].msPerCheckIn;
  return big !== undefined && small !== undefined ? Math.round((big / small) * 100) / 100 : null;
};
const summary = {
  push10kMs: at(10_000)?.push.ms ?? null,
  pull10kMs: at(10_000)?.pull.ms ?? null,
  perRowRatio10kTo1k: { push: ratio("push"), pull: ratio("pull") },
};
const met =
  summary.push10kMs === null || summary.pull10kMs === null || summary.perRowRatio10kTo1k.push === null || summary.perRowRatio10kTo1k.pull === null
    ? null
    : {
        push10k: summary.push10kMs <= TARGETS.push10kMs,
        pull10k: summary.pull10kMs <= TARGETS.pull10kMs,
        perRowRatio: summary.perRowRatio10kTo1k.push <= TARGETS.perRowRatio && summary.perRowRatio10kTo1k.pull <= TARGETS.perRowRatio,
      };
const report = {
  generatedAt: new Date().toISOString(),
  engine: engineName,
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "unknown", node: process.version, totalMemGiB: Math.round(os.totalmem() / 2 ** 30) },
  stack: "embedded PostgreSQL 17 + PostgREST 12.0.2 behind tests/stack's gateway (loopback); device store on fake-indexeddb",
  targets: TARGETS,
  summary,
  met,
  results,
};
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(`[bench:sync] wrote ${out}: ${JSON.stringify(summary)}${met ? ` met: ${JSON.stringify(met)}` : ""}`);
