"use client";

import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import type { SyncEngine, SyncStatus } from "@/lib/data/sync/sync-engine";
import { loadSupabaseClient } from "./load-supabase";
import { clearCheckInDraft } from "./use-check-in-draft";

type SyncContextValue = {
  status: SyncStatus | null;
  engine: SyncEngine | null;
  /**
   * The engine once it runs. It starts after its chunks arrive, seconds after the page on a slow phone or a loaded
   * machine: a button pressed before then (Sign out everywhere, Delete) waits for it rather than failing, and says so
   * only when it has not come in `timeoutMs`.
   */
  whenEngine: (timeoutMs?: number) => Promise<SyncEngine>;
};

/** The engine did not start in time (its code could not be fetched, or the device is very slow). */
export class SyncNotReadyError extends Error {
  override name = "SyncNotReadyError";
}

const notRunning = () => Promise.reject(new SyncNotReadyError("Supabase is not configured in this build."));
const SyncContext = createContext<SyncContextValue>({ status: null, engine: null, whenEngine: notRunning });

function deferredEngine() {
  let resolve!: (engine: SyncEngine) => void;
  const promise = new Promise<SyncEngine>((r) => (resolve = r));
  const whenEngine = (timeoutMs = 20_000) =>
    new Promise<SyncEngine>((done, fail) => {
      const timer = setTimeout(() => fail(new SyncNotReadyError("Still connecting to Supabase; try again in a moment.")), timeoutMs);
      void promise.then((engine) => {
        clearTimeout(timer);
        done(engine);
      });
    });
  return { resolve, whenEngine };
}

/** Supabase mode: runs the sync engine for this page and shares its status. */
export function SyncProvider({ children }: { children: ReactNode }) {
  const [ready] = useState(deferredEngine);
  const [value, setValue] = useState<SyncContextValue>({ status: null, engine: null, whenEngine: ready.whenEngine });
  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    void Promise.all([loadSupabaseClient(), import("@/lib/data/sync/start-sync")]).then(([client, { startSync }]) => {
      if (cancelled) return;
      const sync = startSync(client, { onWiped: clearCheckInDraft });
      const unsubscribe = sync.engine.subscribe((status) => setValue({ status, engine: sync.engine, whenEngine: ready.whenEngine }));
      setValue({ status: sync.engine.getStatus(), engine: sync.engine, whenEngine: ready.whenEngine });
      ready.resolve(sync.engine);
      stop = () => {
        unsubscribe();
        sync.stop();
      };
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [ready]);
  return <SyncContext.Provider value={value}>{children}</SyncContext.Provider>;
}

/** The sync engine's status (null in local mode, and until the engine has started). */
export function useSync(): SyncContextValue {
  return useContext(SyncContext);
}
