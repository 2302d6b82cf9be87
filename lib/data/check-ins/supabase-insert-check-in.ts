import type { SupabaseClient } from "@supabase/supabase-js";
import type { CheckIn } from "@/lib/domain/check-in";
import type { Database } from "@/lib/supabase/database.types";

export class SupabaseWriteError extends Error {
  override name = "SupabaseWriteError";
}

/**
 * Sends one check-in. The id was made in the browser, so a retry after a lost response is an upsert that ignores
 * the duplicate instead of a second row.
 */
export async function insertCheckIn(client: SupabaseClient<Database>, checkIn: CheckIn): Promise<void> {
  const { error } = await client.from("check_ins").upsert(
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
  );
  if (error) throw new SupabaseWriteError(`Could not save the check-in to Supabase: ${error.message}`, { cause: error });
}
