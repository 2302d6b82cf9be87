import "fake-indexeddb/auto";
import { countLocalCheckIns, putLocalCheckIn } from "@/lib/data/local/local-check-ins";
import { putLocalPredictions } from "@/lib/data/local/local-predictions";
import { deleteLocalUserData } from "@/lib/data/local/local-wipe";
import { listQueue } from "@/lib/data/local/local-sync-queue";
import { pullRows } from "@/lib/data/sync/pull";
import { pushQueue } from "@/lib/data/sync/push";
import { stackClient } from "../../../tests/db/support/supabase-client";
import { type BenchEngine, type BenchEngineContext, BenchEngineError, signInForBench } from "./bench-engine";
import type { BenchRows } from "./rows";

/**
 * The engine before issue 18: `pushQueue` (one entry at a time, two upserts each, the queue re-read per entry) and
 * `pullRows` (pages of 100 on checkin_date, then their predictions). One local store per process (the global
 * IndexedDB of fake-indexeddb), so the "new device" of the pull is the same store wiped first.
 */
export async function todayEngine(ctx: BenchEngineContext): Promise<BenchEngine> {
  const session = await signInForBench(ctx);
  const client = stackClient(ctx.url, ctx.anonKey);
  return {
    name: "today (pushQueue + pullRows, before issue 18)",
    async seedQueue(rows: BenchRows) {
      const byCheckIn = new Map<string, BenchRows["predictions"]>();
      for (const p of rows.predictions) byCheckIn.set(p.checkin_id, [...(byCheckIn.get(p.checkin_id) ?? []), p]);
      for (const checkIn of rows.checkIns) {
        await putLocalCheckIn(checkIn, { queue: true });
        await putLocalPredictions(byCheckIn.get(checkIn.id) ?? [], { queue: true });
      }
    },
    async push() {
      const result = await pushQueue(client, ctx.userId, session.access_token);
      if (result.outcome !== "done" || result.rejected > 0) throw new BenchEngineError(`push ended ${result.outcome} with ${result.rejected} refused`);
      const left = (await listQueue(ctx.userId)).length;
      if (left > 0) throw new BenchEngineError(`${left} entries still queued after the push`);
    },
    async pullFresh() {
      await deleteLocalUserData(ctx.userId, { keepQueued: false });
      await pullRows(client, ctx.userId, session.access_token);
      return countLocalCheckIns(ctx.userId);
    },
    async close() {},
  };
}
