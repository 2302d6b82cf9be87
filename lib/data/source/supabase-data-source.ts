import type { SupabaseClient } from "@supabase/supabase-js";
import { fetchCheckInHistory } from "@/lib/data/check-ins/supabase-history";
import { flushOutbox } from "@/lib/data/outbox/flush-outbox";
import { enqueueOutbox } from "@/lib/data/outbox/outbox-store";
import { predictionFromRow } from "@/lib/data/predictions/from-row";
import { fetchPredictionsByType } from "@/lib/data/predictions/supabase-by-type";
import type { DataSource } from "@/lib/data/source/data-source";
import type { Database } from "@/lib/supabase/database.types";

/**
 * Supabase mode. Reads go to PostgREST (RLS decides what the user may see). Writes go through the IndexedDB outbox
 * first and are then sent: a check-in made offline, or during a failing request, survives a reload and is sent when
 * the connection returns.
 */
export function createSupabaseDataSource(client: SupabaseClient<Database>): DataSource {
  return {
    mode: "supabase",
    async currentUserId() {
      // getSession reads the stored session without a network round trip, so it works offline. It is only used to
      // scope queries; RLS on the server is what authorizes them.
      const { data } = await client.auth.getSession();
      return data.session?.user.id ?? null;
    },
    checkInHistory: (params) => fetchCheckInHistory(client, params),
    async predictionsByType(params) {
      const rows = await fetchPredictionsByType(client, params);
      return rows.map(predictionFromRow);
    },
    async saveCheckIn(checkIn) {
      await enqueueOutbox({ kind: "check_in", checkIn, queuedAt: new Date().toISOString() });
      const result = await flushOutbox(client);
      return { queued: result.remaining > 0 };
    },
    async savePredictions(predictions) {
      await enqueueOutbox({ kind: "predictions", predictions: [...predictions], queuedAt: new Date().toISOString() });
      const result = await flushOutbox(client);
      return { queued: result.remaining > 0 };
    },
  };
}
