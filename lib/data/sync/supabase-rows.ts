import type { SupabaseClient } from "@supabase/supabase-js";
import { predictionFromRow } from "@/lib/data/predictions/from-row";
import { classifyFailure, SupabaseSyncError } from "@/lib/data/sync/classify-failure";
import type { CheckIn } from "@/lib/domain/check-in";
import type { Prediction } from "@/lib/domain/prediction";
import type { Database } from "@/lib/supabase/database.types";

/**
 * The requests the sync engine makes. Each one carries the access token of the user whose rows it moves, set here
 * explicitly: supabase-js would otherwise take whatever session the browser holds at that instant, which another tab
 * may have just switched to another person.
 */
const bearer = (accessToken: string) => `Bearer ${accessToken}`;

const PREDICTION_COLUMNS = "id,user_id,checkin_id,prediction_type,model_name,model_version,label,score,probabilities,created_at";

/** What the server stored for a row it inserted: migration 012 sets `created_at` itself, whatever the client sent. */
export type ServerStamp = { id: string; created_at: string };

/**
 * Upserts a check-in; a row with this id already there counts as sent (ids are made in the browser). Returns the
 * server's stamp when this call inserted the row (none for a duplicate).
 */
export async function upsertCheckIn(client: SupabaseClient<Database>, accessToken: string, checkIn: CheckIn): Promise<ServerStamp[]> {
  const { data, error, status } = await client
    .from("check_ins")
    .upsert(
      {
        id: checkIn.id,
        user_id: checkIn.user_id,
        checkin_date: checkIn.checkin_date,
        mood: checkIn.mood,
        energy: checkIn.energy,
        stress: checkIn.stress,
        sleep_hours: checkIn.sleep_hours,
        activity_minutes: checkIn.activity_minutes,
        notes: checkIn.notes,
        created_at: checkIn.created_at,
      },
      { onConflict: "id", ignoreDuplicates: true },
    )
    .select("id,created_at")
    .setHeader("Authorization", bearer(accessToken));
  if (error) throwUnlessDuplicate(status, error, "Could not send the check-in");
  return data ?? [];
}

export async function upsertPredictions(client: SupabaseClient<Database>, accessToken: string, predictions: readonly Prediction[]): Promise<ServerStamp[]> {
  if (predictions.length === 0) return [];
  const { data, error, status } = await client
    .from("predictions")
    .upsert(predictions.map((p) => ({ ...p })), { onConflict: "id", ignoreDuplicates: true })
    .select("id,created_at")
    .setHeader("Authorization", bearer(accessToken));
  if (error) throwUnlessDuplicate(status, error, "Could not send the predictions");
  return data ?? [];
}

function throwUnlessDuplicate(status: number, error: { code?: string; message: string }, what: string): void {
  const failure = classifyFailure(status, error);
  if (failure.kind !== "duplicate") throw new SupabaseSyncError(failure, what);
}

/** How many check-ins the user has on the server (a count over idx_checkins_user_date, no rows sent). */
export async function countRemoteCheckIns(client: SupabaseClient<Database>, accessToken: string, userId: string, signal?: AbortSignal): Promise<number> {
  let query = client.from("check_ins").select("id", { count: "exact", head: true }).eq("user_id", userId).setHeader("Authorization", bearer(accessToken)).retry(false);
  if (signal) query = query.abortSignal(signal);
  const { count, error, status } = await query;
  if (error || count === null) throw new SupabaseSyncError(classifyFailure(status, error ?? { message: "no count" }), "Could not count your check-ins");
  return count;
}

/** The predictions of some check-ins (at most 100 check-ins, so at most 500 rows: under PostgREST's max-rows). */
export async function fetchRemotePredictions(
  client: SupabaseClient<Database>,
  accessToken: string,
  userId: string,
  checkinIds: readonly string[],
  signal?: AbortSignal,
): Promise<Prediction[]> {
  if (checkinIds.length === 0) return [];
  let query = client
    .from("predictions")
    .select(PREDICTION_COLUMNS)
    .eq("user_id", userId)
    .in("checkin_id", [...checkinIds])
    .setHeader("Authorization", bearer(accessToken))
    .retry(false);
  if (signal) query = query.abortSignal(signal);
  const { data, error, status } = await query;
  if (error) throw new SupabaseSyncError(classifyFailure(status, error), "Could not fetch your predictions");
  return data.map(predictionFromRow);
}

