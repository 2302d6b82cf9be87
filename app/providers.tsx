"use client";

import { SerwistProvider } from "@serwist/next/react";
import { QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { env } from "@/lib/env";
import { getQueryClient } from "@/lib/query/get-query-client";
import { OutboxSync } from "./_components/outbox-sync";

export function Providers({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  return (
    // The service worker is built by `serwist build` after `next build`; `next dev` has none, so don't register there.
    // reloadOnOnline is off: coming back online must not reload the page under someone typing; the outbox syncs instead.
    <SerwistProvider swUrl="/sw.js" disable={process.env.NODE_ENV !== "production"} reloadOnOnline={false}>
      <QueryClientProvider client={queryClient}>
        {env.mode === "supabase" && <OutboxSync />}
        {children}
      </QueryClientProvider>
    </SerwistProvider>
  );
}
