import type { AuthChangeEvent, Session, SupabaseClient } from "@supabase/supabase-js";
import { getAccount, setAccount } from "@/lib/data/session/account";
import { notifyDataChanged } from "@/lib/data/local/data-changes";
import type { Database } from "@/lib/supabase/database.types";

/**
 * Keeps the device's account (lib/data/session/account.ts) in step with Supabase Auth and reports sign-ins and token
 * refreshes (the sync engine pushes then). Returns the unsubscribe function.
 *
 * - A session (sign-in, refresh, the initial session): that user is the account, active.
 * - SIGNED_OUT that this app did not ask for (our sign-out clears the account first, in every tab at once, since
 *   the account lives in IndexedDB): Auth dropped the session by itself — the refresh token was revoked or expired.
 *   The account stays, marked needs-sign-in, with its queue.
 * - No session at start: nothing changes. Offline with an expired token, auth-js reports exactly that although the
 *   person is still signed in on this device.
 */
export function watchAuth(client: SupabaseClient<Database>, onSignedIn: () => void): (() => void) & { idle: () => Promise<void> } {
  // One event at a time, in order: two events in quick succession (a sign-in as someone else right after a sign-out)
  // would otherwise read the same account and race their writes.
  let chain: Promise<void> = Promise.resolve();
  const { data } = client.auth.onAuthStateChange((event: AuthChangeEvent, session: Session | null) => {
    // auth-js awaits its callbacks while holding its lock: never call back into Auth from here; defer the work.
    chain = chain
      .then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))
      .then(() => handle(event, session, onSignedIn))
      .catch(() => undefined); // IndexedDB refused: the next event tries again; the account is re-read at each start
  });
  // `idle`: resolves once every event received so far has been handled (tests wait on it instead of sleeping).
  return Object.assign(() => data.subscription.unsubscribe(), { idle: () => chain });
}

async function handle(event: AuthChangeEvent, session: Session | null, onSignedIn: () => void): Promise<void> {
  const account = await getAccount();
  if (session) {
    const next = { userId: session.user.id, email: session.user.email ?? null, status: "active" as const };
    if (!account || account.userId !== next.userId || account.status !== "active" || account.email !== next.email) {
      await setAccount(next);
      notifyDataChanged("account");
    }
    // Not INITIAL_SESSION: the page's start already asked for a sync, and a second pull would re-read the same rows.
    if (event === "SIGNED_IN" || event === "TOKEN_REFRESHED") onSignedIn();
    return;
  }
  if (event === "SIGNED_OUT" && account && account.status === "active") {
    await setAccount({ ...account, status: "needs-sign-in" });
    notifyDataChanged("account");
  }
}
