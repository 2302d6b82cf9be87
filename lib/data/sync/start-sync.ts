import { focusManager, onlineManager } from "@tanstack/react-query";
import type { SupabaseClient } from "@supabase/supabase-js";
import { pageSavesInFlight } from "@/lib/data/check-ins/saves-in-flight";
import { browserChangeBus } from "@/lib/data/local/data-changes";
import { browserLocalStore } from "@/lib/data/local/local-db";
import { setPageServerOffsetSource } from "@/lib/data/sync/page-server-clock";
import { SyncEngine } from "@/lib/data/sync/sync-engine";
import { trackBrowserConnectivity } from "@/lib/query/connectivity";
import { supabaseConfig } from "@/lib/supabase/supabase-config";
import type { Database } from "@/lib/supabase/database.types";

let pageEngine: SyncEngine | null = null;

/** The page's sync engine, once started (Supabase mode), for sign-out, Delete and the sign-in form. */
export function getPageSyncEngine(): SyncEngine | null {
  return pageEngine;
}

/**
 * Supabase mode in a page: the sync engine, fed by every trigger — page start, back online, the page regaining focus,
 * sign-in (Auth's events), and each save (a queue change in this tab or another). Online and focus state come from
 * TanStack Query's onlineManager (seeded from navigator.onLine by lib/query/connectivity.ts) and focusManager, the
 * page's one source of both. Returns the engine and a stop.
 */
export function startSync(client: SupabaseClient<Database>, options: { onWiped?: () => void } = {}): { engine: SyncEngine; stop: () => void } {
  // The home page starts the engine before (or without) any query client, which is what used to seed onlineManager.
  trackBrowserConnectivity();
  const { url, anonKey } = supabaseConfig();
  const engine = new SyncEngine({
    store: browserLocalStore(),
    bus: browserChangeBus(),
    rest: { url, anonKey, fetch: (input, init) => fetch(input, init) },
    auth: client.auth,
    locks: typeof navigator !== "undefined" && navigator.locks ? navigator.locks : null,
    clock: { now: () => Date.now(), monotonic: () => performance.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
    random: Math.random,
    isOnline: () => onlineManager.isOnline(),
    onWiped: options.onWiped,
    saves: pageSavesInFlight(),
    onServerOffset: setPageServerOffsetSource,
  });
  pageEngine = engine;
  engine.watchAuth();
  const stopChanges = browserChangeBus().subscribe((change, origin) => {
    // A save here or in another tab: push it.
    if (change === "queue") void engine.request("never");
    // Another tab signed in, out or switched: one run finds out what this tab should show. It cannot loop: a run
    // announces "account" only when it changes the account, which a second run then finds already changed.
    if (change === "account" && origin === "other-tab") void engine.request("always");
  });
  const stopOnline = onlineManager.subscribe((online) => {
    if (online) void engine.request("always");
  });
  const stopFocus = focusManager.subscribe((focused) => {
    if (focused) void engine.request("throttled");
  });
  void engine.request("always");
  return {
    engine,
    stop: () => {
      engine.stop();
      stopChanges();
      stopOnline();
      stopFocus();
      if (pageEngine === engine) pageEngine = null;
    },
  };
}
