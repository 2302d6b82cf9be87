import { describeOp, generateSchedule, type Op } from "../tests/chaos/schedule";
import { shrinkSchedule } from "../tests/chaos/shrink";
import { runSchedule } from "./chaos/chaos-run";
import { REFUSED_MARKER } from "./chaos/ledger";
import { writeArtifact } from "./fixtures/app-helpers";
import { expect, rows, test } from "./fixtures/stack";

/**
 * Issue 14: sync under chaos. From a seed, a schedule of operations over two devices (device 1 with two tabs) and two
 * users — saves (some refused by the database), offline/online, reloads, a tab closed mid-save, sign-out/sign-in as the
 * other user, the gateway answering 503 or hanging, an access token expired, a refresh token revoked, and (issue 18) a
 * sign-out right after Save, Delete my data during a held upload, a clock ±2 h off — then everything back online and
 * settled, and the seven invariants checked (e2e/chaos/invariants.ts, docs/chaos.md). On a failure: the seed, the
 * schedule, and a smaller failing schedule found by dropping operations.
 *
 * `npm test` runs the three fixed seeds below × 40 operations; `npm run test:chaos -- --seed <n> --ops <k>` any seed.
 */
test.skip(!process.env.NEXT_PUBLIC_SUPABASE_URL, "Supabase mode only: run with `npm run test:e2e:supabase` or `npm run test:chaos`");

const CI_SEEDS = [1, 2, 3];
const seeds = process.env.CHAOS_SEED ? [Number(process.env.CHAOS_SEED)] : CI_SEEDS;
const OPS = Number(process.env.CHAOS_OPS ?? 40);
const SHRINK_MS = Number(process.env.CHAOS_SHRINK_SECONDS ?? 300) * 1000;

// How refused notes are refused: a CHECK the client does not mirror, as when a database rule is deployed before the
// app that knows it (the form accepts these notes; PostgreSQL answers 400 with 23514). Real PostgreSQL, real PostgREST.
const CONSTRAINT = "chaos_refuse_marker";

test.describe("sync under chaos", () => {
  test.describe.configure({ mode: "serial" });
  test.beforeAll(async () => {
    await rows(`alter table public.check_ins drop constraint if exists ${CONSTRAINT}`);
    await rows(`alter table public.check_ins add constraint ${CONSTRAINT} check (notes is null or notes not like '%${REFUSED_MARKER}%') not valid`);
  });
  test.afterAll(async () => {
    await rows(`alter table public.check_ins drop constraint if exists ${CONSTRAINT}`);
  });

  for (const seed of seeds) {
    test(`seed ${seed} × ${OPS} operations: every acknowledged row once, refusals set aside, no row across users, History exact`, async ({ browser, stack }) => {
      // Generous: on a loaded 2-core machine 40 operations took 11 to 25 minutes (docs/chaos.md); shrinking extends it below.
      test.setTimeout(OPS * 45_000 + 600_000);
      const testStarted = Date.now();
      const schedule = generateSchedule(seed, OPS);
      const first = await runSchedule(browser, stack, schedule, schedule.ops, `s${seed}r0`);
      console.log(`[chaos] seed ${seed}, ${OPS} operations: ${first.failures.length === 0 ? "passed" : "FAILED"} in ${(first.ms / 1000).toFixed(0)} s`);
      const report: Record<string, unknown> = { seed, ops: OPS, ms: first.ms, failures: first.failures, schedule: schedule.ops.map(describeOp), log: first.log };
      if (first.failures.length > 0) {
        // The last re-run may start just before the budget ends: leave room for it and the report.
        test.setTimeout(Date.now() - testStarted + SHRINK_MS + 2 * first.ms + 60_000);
        let tries = 0;
        const shrunk = await shrinkSchedule<Op>(
          schedule.ops,
          async (candidate) => {
            tries += 1;
            const outcome = await runSchedule(browser, stack, schedule, candidate, `s${seed}r${tries}`);
            console.log(`[chaos] shrinking: ${candidate.length} operations ${outcome.failures.length > 0 ? "fail" : "pass"}`);
            return outcome.failures.length > 0;
          },
          { deadline: Date.now() + SHRINK_MS },
        );
        report.minimal = { ops: shrunk.ops.map(describeOp), tries: shrunk.tries, stoppedByTimeBudget: shrunk.exhausted };
        console.log(
          [
            `[chaos] FAILED: seed ${seed}, ${OPS} operations (replay: npm run test:chaos -- --seed ${seed} --ops ${OPS})`,
            ...first.failures.map((f) => `  ✗ ${f}`),
            "schedule:",
            ...schedule.ops.map((op) => `  ${describeOp(op)}`),
            `a failing schedule of ${shrunk.ops.length} operations (${shrunk.tries} re-runs${shrunk.exhausted ? ", stopped by the time budget" : ""}):`,
            ...shrunk.ops.map((op) => `  ${describeOp(op)}`),
            "what happened (first run):",
            ...first.log.map((l) => `  ${l}`),
          ].join("\n"),
        );
      }
      writeArtifact(`chaos-seed-${seed}-${OPS}.json`, report);
      expect(first.failures).toEqual([]);
    });
  }
});
