import type { SupabaseClient } from "@supabase/supabase-js";
import { insertCheckIn } from "@/lib/data/check-ins/supabase-insert-check-in";
import { listOutbox, markOutboxItemFailed, removeOutboxItem } from "@/lib/data/outbox/outbox-store";
import { insertPredictions } from "@/lib/data/predictions/supabase-insert-predictions";
import type { Database } from "@/lib/supabase/database.types";

export type FlushResult = { sent: number; remaining: number; error?: string };

let inFlight: Promise<FlushResult> | undefined;

/**
 * Sends queued writes to Supabase, oldest first, removing each only after Supabase accepted it. Stops at the first
 * failure (offline, signed out, rejected) so order is kept: a check-in's predictions never overtake it.
 * Single flight: the `online` event, a save and a page start may all ask at once; they share one run.
 */
export function flushOutbox(client: SupabaseClient<Database>): Promise<FlushResult> {
  inFlight ??= runFlush(client).finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}

async function runFlush(client: SupabaseClient<Database>): Promise<FlushResult> {
  const items = await listOutbox();
  let sent = 0;
  for (const item of items) {
    if (item.seq === undefined) continue;
    try {
      if (item.kind === "check_in") await insertCheckIn(client, item.checkIn);
      else await insertPredictions(client, item.predictions);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await markOutboxItemFailed(item.seq, message);
      return { sent, remaining: items.length - sent, error: message };
    }
    await removeOutboxItem(item.seq);
    sent += 1;
  }
  return { sent, remaining: items.length - sent };
}
