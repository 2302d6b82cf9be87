import { env } from "@/lib/env";
import { browserLocalStore, type LocalStore } from "@/lib/data/local/local-db";
import { getLocalUserId } from "@/lib/data/local/local-user";
import { getAccount } from "@/lib/data/session/account";

/**
 * Whose data the pages show and whose check-ins a save stores. Local mode: this browser's id. Supabase mode: the
 * account signed in on this device (also while offline with an expired token, and while asked to sign in again).
 */
export type CurrentUser = { userId: string; email: string | null; status: "local" | "active" | "needs-sign-in" };

export async function getCurrentUser(store: LocalStore = browserLocalStore()): Promise<CurrentUser | null> {
  if (env.mode === "local") return { userId: await getLocalUserId(store), email: null, status: "local" };
  const account = await getAccount(store);
  return account && { userId: account.userId, email: account.email, status: account.status };
}

export class NotSignedInError extends Error {
  override name = "NotSignedInError";
  constructor() {
    super("You are signed out. Sign in (top right) to save and see your check-ins.");
  }
}
