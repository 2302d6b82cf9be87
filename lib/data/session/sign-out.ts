import type { SupabaseClient } from "@supabase/supabase-js";
import { deleteLocalUserData } from "@/lib/data/local/local-wipe";
import { clearAccount, getAccount } from "@/lib/data/session/account";
import { notifyDataChanged } from "@/lib/data/local/data-changes";
import type { Database } from "@/lib/supabase/database.types";

export type SignOutResult = {
  /** False when Supabase could not be reached: signed out on this device only (see below). */
  serverReached: boolean;
};

/**
 * Signs the account out of this device. Its synced rows leave this browser (they are in Supabase; another person may
 * use this device next). Rows not yet sent are kept for the person's next sign-in when `keepUnsent`, else deleted.
 *
 * The account is cleared before Auth is told, so that the SIGNED_OUT every tab then hears reads as "signed out",
 * not as "the session was revoked" (lib/data/session/watch-auth.ts).
 *
 * Offline, auth-js's signOut() fails and keeps the session: it would silently leave the person signed in. We then
 * drop the session from this browser ourselves; the server-side session ends when its refresh token expires or is
 * next refused, and the caller says so.
 */
export async function signOut(client: SupabaseClient<Database>, options: { keepUnsent: boolean }): Promise<SignOutResult> {
  const account = await getAccount();
  await clearAccount();
  if (account) await deleteLocalUserData(account.userId, { keepQueued: options.keepUnsent });
  notifyDataChanged("account");
  // scope "local": sign out this device, not the person's other devices.
  const { error } = await client.auth.signOut({ scope: "local" });
  if (!error) return { serverReached: true };
  await forgetSessionLocally(client);
  return { serverReached: false };
}

/**
 * auth-js has no public "forget the session without asking the server"; `_removeSession` is what its own signOut
 * runs after the server answered (it clears storage and emits SIGNED_OUT). The e2e test "signs out offline" fails if
 * a new auth-js drops it.
 */
async function forgetSessionLocally(client: SupabaseClient<Database>): Promise<void> {
  const auth = client.auth as unknown as { _removeSession?: () => Promise<void> };
  if (typeof auth._removeSession !== "function") {
    throw new Error("Could not sign out on this device: this version of supabase-js offers no way to drop the session offline. Try again online.");
  }
  await auth._removeSession();
}
