"use client";

import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import type { SyncEngine, SyncStatus } from "@/lib/data/sync/sync-engine";
import { loadSupabaseClient } from "./load-supabase";
import { clearCheckInDraft } from "./use-check-in-draft";

type SyncContextValue = { status: SyncStatus | null; engine: SyncEngine | null };

const SyncContext = createContext<SyncContextValue>({ status: null, engine: null });

/** Supabase mode: runs the sync engine for this page and shares its status. */
export function SyncProvider({ children }: { children: ReactNode }) {
  const [value, setValue] = useState<SyncContextValue>({ status: null, engine: null });
  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    void Promise.all([loadSupabaseClient(), import("@/lib/data/sync/start-sync")]).then(([client, { startSync }]) => {
      if (cancelled) return;
      const sync = startSync(client, { onWiped: clearCheckInDraft });
      const unsubscribe = sync.engine.subscribe((status) => setValue({ status, engine: sync.engine }));
      setValue({ status: sync.engine.getStatus(), engine: sync.engine });
      stop = () => {
        unsubscribe();
        sync.stop();
      };
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, []);
  return <SyncContext.Provider value={value}>{children}</SyncContext.Provider>;
}

/** The sync engine's status (null in local mode, and until the engine has started). */
export function useSync(): SyncContextValue {
  return useContext(SyncContext);
}
