// npm run bench:db — the database benchmark, in two parts, each on its own embedded PostgreSQL 17:
//   detail (scripts/db/bench-detail.ts): the 1M study, through real PostgREST, with and without 011's indices, RLS
//          against service_role, plain CREATE INDEX against CONCURRENTLY;
//   scale  (scripts/db/bench-scale.ts): the scale curve at 100k, 1M and 10M check-ins (issue 11).
// Writes bench/results/db.json (the 1M study at the top level, the curve under `scale`); docs/performance.md
// summarises it. BENCH_PARTS=detail or =scale runs one part and keeps the other's last results (each part carries
// its own environment and date). BENCH_SIZES=100000,1000000 runs fewer sizes.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runDetailBench } from "./bench-detail";
import { benchPorts } from "./bench-ports";
import { runScaleBench } from "./bench-scale";
import { parseSizes } from "./scale";

const OUT = path.resolve(import.meta.dirname, "../../bench/results/db.json");
const PARTS = ["detail", "scale"] as const;

class BenchPartsError extends Error {
  override name = "BenchPartsError";
}

const log = (message: string) => console.log(`[bench:db ${new Date().toISOString().slice(11, 19)}] ${message}`);

function parseParts(raw: string): Set<(typeof PARTS)[number]> {
  const parts = raw.split(",").map((p) => p.trim());
  const unknown = parts.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length > 0) throw new BenchPartsError(`BENCH_PARTS takes ${PARTS.join(" and/or ")}, comma-separated; got "${raw}".`);
  return new Set(parts as (typeof PARTS)[number][]);
}

async function main(): Promise<void> {
  // Parse everything first: a typo should fail now, not after the first part's minutes.
  const parts = parseParts(process.env.BENCH_PARTS ?? PARTS.join(","));
  const sizes = parseSizes(process.env.BENCH_SIZES ?? "100000,1000000,10000000");
  const previous: Record<string, unknown> = existsSync(OUT) ? (JSON.parse(readFileSync(OUT, "utf8")) as Record<string, unknown>) : {};
  const { scale: previousScale, ...previousDetail } = previous;

  const detail = parts.has("detail") ? await runDetailBench({ ports: benchPorts(0), log }) : previousDetail;
  if (parts.has("detail")) write({ ...detail, scale: previousScale });
  const scale = parts.has("scale") ? await runScaleBench({ sizes, ports: benchPorts(1), log: (m) => log(`scale ${m}`) }) : previousScale;
  write({ ...detail, scale });
  console.log(JSON.stringify(scale, null, 2));
}

function write(result: Record<string, unknown>): void {
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(result, null, 2) + "\n");
  log(`wrote ${path.relative(process.cwd(), OUT)}`);
}

await main();
