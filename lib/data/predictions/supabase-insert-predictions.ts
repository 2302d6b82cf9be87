import type { SupabaseClient } from "@supabase/supabase-js";
import { SupabaseWriteError } from "@/lib/data/check-ins/supabase-insert-check-in";
import type { Prediction } from "@/lib/domain/prediction";
import type { Database } from "@/lib/supabase/database.types";

/** Sends the predictions of one check-in in one request; ids come from the browser, so retries are idempotent. */
export async function insertPredictions(client: SupabaseClient<Database>, predictions: readonly Prediction[]): Promise<void> {
  if (predictions.length === 0) return;
  const { error } = await client.from("predictions").upsert(
    predictions.map((p) => ({ ...p })),
    { onConflict: "id", ignoreDuplicates: true },
  );
  if (error) throw new SupabaseWriteError(`Could not save the predictions to Supabase: ${error.message}`, { cause: error });
}
