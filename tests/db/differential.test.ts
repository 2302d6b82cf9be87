import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecordedSequence } from "@/tests/sim/server/recorded-sequence";
import { startSupabaseStack, type SupabaseStack } from "@/tests/stack/start-stack";
import { generateSequence } from "./differential/generate";
import { replay, type Difference, type ReplayStats } from "./differential/replay";

/**
 * The simulation's server model (tests/sim/server/rest-model.ts) must be honest: the same requests, sent to it and to
 * real PostgREST 12.0.2 + PostgreSQL 17 with our migrations (through the stack's gateway, as the app sends them), get
 * the same statuses, bodies and rows. What is normalized, and why, is in differential/compare.ts.
 *
 *   DIFFERENTIAL_SEED=N           first seed (default 1)
 *   DIFFERENTIAL_SEQUENCES=K      how many seeded sequences (default 200)
 *   DIFFERENTIAL_REPLAY=a.json,…  recorded sequences to replay as well (the simulation's), besides differential/recorded/
 * A failing sequence is written to test-results/differential/ and can be replayed with DIFFERENTIAL_REPLAY.
 */
const FIRST_SEED = Number(process.env.DIFFERENTIAL_SEED ?? 1);
const SEQUENCES = Number(process.env.DIFFERENTIAL_SEQUENCES ?? 200);
const RECORDED_DIR = path.resolve(import.meta.dirname, "differential/recorded");
const FAILURES_DIR = path.resolve(import.meta.dirname, "../../test-results/differential");

function recordedFiles(): string[] {
  const dir = (() => {
    try {
      return readdirSync(RECORDED_DIR).filter((f) => f.endsWith(".json")).map((f) => path.join(RECORDED_DIR, f));
    } catch {
      return [];
    }
  })();
  const extra = (process.env.DIFFERENTIAL_REPLAY ?? "").split(",").filter((f) => f !== "").map((f) => path.resolve(f));
  return [...dir, ...extra];
}

/** A file holds one sequence or an array of them. */
const readSequences = (file: string): RecordedSequence[] => [JSON.parse(readFileSync(file, "utf8")) as RecordedSequence | RecordedSequence[]].flat();

function report(sequence: RecordedSequence, difference: Difference, replayHint: string): string {
  mkdirSync(FAILURES_DIR, { recursive: true });
  const file = path.join(FAILURES_DIR, `${sequence.name.replace(/[^a-z0-9-]+/gi, "-")}.json`);
  writeFileSync(file, JSON.stringify(sequence, null, 2));
  return [
    `The model differs from PostgREST + PostgreSQL in "${sequence.name}" at ${difference.at}.`,
    `Replay: ${replayHint}  (the sequence is in ${file}: DIFFERENTIAL_REPLAY=${file})`,
    `request: ${JSON.stringify(difference.request)}`,
    `real:  ${JSON.stringify(difference.real)}`,
    `model: ${JSON.stringify(difference.model)}`,
  ].join("\n");
}

describe("the simulation's server model equals real PostgREST + PostgreSQL", () => {
  let stack: SupabaseStack;
  let client: pg.Client;
  const stats: ReplayStats = { requests: 0, statuses: new Map() };

  beforeAll(async () => {
    stack = await startSupabaseStack();
    client = await stack.db.connect();
  });
  afterAll(async () => {
    await client?.end();
    await stack?.stop();
  });

  it(`answers ${SEQUENCES} seeded request sequences as the real stack does`, async () => {
    const started = Date.now();
    for (let seed = FIRST_SEED; seed < FIRST_SEED + SEQUENCES; seed++) {
      const sequence = generateSequence(seed, Date.now());
      const difference = await replay(sequence, stack.url, client, stats);
      if (difference !== null) expect.fail(report(sequence, difference, `DIFFERENTIAL_SEED=${seed} DIFFERENTIAL_SEQUENCES=1 npx vitest run --project db tests/db/differential.test.ts`));
    }
    const statuses = [...stats.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(" ");
    console.log(`[differential] ${SEQUENCES} sequences, ${stats.requests} requests (${statuses}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // Every kind of answer was exercised, not only the happy path.
    for (const status of [200, 400, 401, 403, 409]) expect(stats.statuses.get(status) ?? 0, `answers with status ${status}`).toBeGreaterThan(0);
  });

  const files = recordedFiles();
  it.skipIf(files.length === 0)(`replays the recorded sequences (${files.length} files)`, async () => {
    for (const file of files) {
      for (const sequence of readSequences(file)) {
        const difference = await replay(sequence, stack.url, client, stats);
        if (difference !== null) expect.fail(report(sequence, difference, `DIFFERENTIAL_REPLAY=${file} npx vitest run --project db tests/db/differential.test.ts`));
      }
    }
  });
});
