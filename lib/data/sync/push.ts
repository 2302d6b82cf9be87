import type { SupabaseClient } from "@supabase/supabase-js";
import { applyServerStamps, getLocalCheckIn } from "@/lib/data/local/local-check-ins";
import { listPredictionsOfCheckIn } from "@/lib/data/local/local-predictions";
import { SupabaseSyncError } from "@/lib/data/sync/classify-failure";
import { upsertCheckIn, upsertPredictions } from "@/lib/data/sync/supabase-rows";
import { completeEntry, nextPending, recordTransientFailure, rejectEntry } from "@/lib/data/local/local-sync-queue";
import type { Database } from "@/lib/supabase/database.types";

export type PushResult =
  /** Every pending entry of the user was sent or set aside. */
  | { outcome: "done"; sent: number; rejected: number }
  /** Stopped at a network/server failure: retry the queue later. */
  | { outcome: "transient"; sent: number; rejected: number; message: string; attempts: number }
  /** The access token was refused: refresh or sign in, then push again. */
  | { outcome: "auth"; sent: number; rejected: number; message: string };

/**
 * Sends a user's pending queue entries, oldest first, with that user's access token. An entry the server refuses for
 * good is set aside (Needs attention) and the queue goes on; a network or server failure stops the run, since the
 * entries behind it would fail the same way. The queue is re-read after each entry, so check-ins saved meanwhile (by
 * this tab or another) are sent in the same run.
 */
export async function pushQueue(client: SupabaseClient<Database>, userId: string, accessToken: string, signal?: AbortSignal): Promise<PushResult> {
  let sent = 0;
  let rejected = 0;
  for (;;) {
    if (signal?.aborted) return { outcome: "transient", sent, rejected, message: "Stopped.", attempts: 0 };
    const entry = await nextPending(userId);
    if (!entry) return { outcome: "done", sent, rejected };
    const checkIn = await getLocalCheckIn(entry.checkin_id);
    const predictions = await listPredictionsOfCheckIn(entry.checkin_id);
    try {
      // The check-in first: its predictions reference it (foreign key on (checkin_id, user_id)).
      // An entry whose check-in is not stored here carries only predictions (a version-1 outbox whose check-in had
      // already been sent).
      if (checkIn) await applyServerStamps("check_ins", await upsertCheckIn(client, accessToken, checkIn));
      await applyServerStamps("predictions", await upsertPredictions(client, accessToken, predictions));
    } catch (error) {
      if (!(error instanceof SupabaseSyncError)) throw error;
      const { failure } = error;
      if (failure.kind === "rejected") {
        await rejectEntry(entry.checkin_id, { status: failure.status, code: failure.code, reason: failure.message, at: new Date().toISOString() });
        rejected += 1;
        continue;
      }
      if (failure.kind === "auth") return { outcome: "auth", sent, rejected, message: error.message };
      await recordTransientFailure(entry.checkin_id, error.message);
      return { outcome: "transient", sent, rejected, message: error.message, attempts: entry.attempts + 1 };
    }
    await completeEntry(entry.checkin_id, entry.version);
    sent += 1;
  }
}
