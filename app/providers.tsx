"use client";

import { SerwistProvider } from "@serwist/next/react";
import { QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { env } from "@/lib/env";
import { getQueryClient } from "@/lib/query/get-query-client";
import { DataChangeListener } from "./_components/data-change-listener";
import { SyncProvider } from "./_components/sync-context";
import { UpdatePrompt } from "./_components/update-prompt";

export function Providers({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  return (
    // The service worker is built by `serwist build` after `next build`; `next dev` has none, so don't register there.
    // reloadOnOnline is off: coming back online must not reload the page under someone typing; the sync engine sends.
    <SerwistProvider swUrl="/sw.js" disable={process.env.NODE_ENV !== "production"} reloadOnOnline={false}>
      <QueryClientProvider client={queryClient}>
        <DataChangeListener />
        <UpdatePrompt />
        {env.mode === "supabase" ? <SyncProvider>{children}</SyncProvider> : children}
      </QueryClientProvider>
    </SerwistProvider>
  );
}
