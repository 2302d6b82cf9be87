import type { SupabaseClient } from "@supabase/supabase-js";
import { deleteLocalUserData } from "@/lib/data/local/local-wipe";
import { notifyDataChanged } from "@/lib/data/local/data-changes";
import type { Database } from "@/lib/supabase/database.types";

export class DeleteDataError extends Error {
  override name = "DeleteDataError";
}

/**
 * Delete my data. Local mode: this user's rows leave this browser. Supabase mode: first the user's rows in Supabase
 * (through RLS, as the user; predictions go with their check-ins by the foreign key's ON DELETE CASCADE), then
 * everything on this device, including check-ins not yet sent. Offline the server part cannot happen, so nothing is
 * deleted and the error says why: deleting only here would bring the rows back at the next pull.
 */
export async function deleteUserData(params: { userId: string; client: SupabaseClient<Database> | null }): Promise<void> {
  const { userId, client } = params;
  if (client) {
    const { data } = await client.auth.getSession();
    if (!data.session || data.session.user.id !== userId) {
      throw new DeleteDataError("Sign in again (and be online) to delete your data from Supabase; nothing was deleted.");
    }
    const { error, status } = await client
      .from("check_ins")
      .delete()
      .eq("user_id", userId)
      .setHeader("Authorization", `Bearer ${data.session.access_token}`);
    if (error) {
      const why = status === 0 ? "Supabase could not be reached (offline?)" : error.message;
      throw new DeleteDataError(`Could not delete your data from Supabase: ${why}. Nothing was deleted; try again online.`, { cause: error });
    }
  }
  await deleteLocalUserData(userId, { keepQueued: false });
  notifyDataChanged("rows");
  notifyDataChanged("queue");
}
