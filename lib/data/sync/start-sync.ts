import type { SupabaseClient } from "@supabase/supabase-js";
import { getAccount, setAccount } from "@/lib/data/session/account";
import { watchAuth } from "@/lib/data/session/watch-auth";
import { onDataChanged } from "@/lib/data/local/data-changes";
import { SyncEngine } from "@/lib/data/sync/sync-engine";
import type { Database } from "@/lib/supabase/database.types";

/**
 * Supabase mode in a page: the sync engine, fed by every trigger — page start, `online`, the page becoming visible,
 * sign-in and token refresh, and each save (a queue change in this tab or another). Returns the engine and a stop.
 */
export function startSync(client: SupabaseClient<Database>): { engine: SyncEngine; stop: () => void } {
  const engine = new SyncEngine({
    client,
    getAccount,
    markNeedsSignIn: async (userId) => {
      const account = await getAccount();
      if (account?.userId === userId && account.status !== "needs-sign-in") await setAccount({ ...account, status: "needs-sign-in" });
    },
    isOnline: () => navigator.onLine,
  });
  const stopAuth = watchAuth(client, () => void engine.request("always"));
  const stopChanges = onDataChanged((change) => {
    if (change === "queue") void engine.request("never");
    if (change === "account") void engine.request("always");
  });
  const onOnline = () => void engine.request("always");
  const onVisible = () => {
    if (document.visibilityState === "visible") void engine.request("throttled");
  };
  window.addEventListener("online", onOnline);
  document.addEventListener("visibilitychange", onVisible);
  void engine.request("always");
  return {
    engine,
    stop: () => {
      engine.stop();
      stopAuth();
      stopChanges();
      window.removeEventListener("online", onOnline);
      document.removeEventListener("visibilitychange", onVisible);
    },
  };
}
