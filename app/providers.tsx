"use client";

import type { ReactNode } from "react";
import { env } from "@/lib/env";
import { DbNotice } from "./_components/db-notice";
import { SyncProvider } from "./_components/sync-context";
import { UpdatePrompt } from "./_components/update-prompt";

/**
 * What every page has: the database notice, the update prompt (which also registers the service worker, after load)
 * and, in Supabase mode, the sync engine. No TanStack Query here: the pages that read queries wrap what needs it in
 * QueryProvider (_components/query-provider.tsx), so the home page's first load carries none of it (issue 20).
 */
export function Providers({ children }: { children: ReactNode }) {
  return (
    <>
      <DbNotice />
      <UpdatePrompt />
      {env.mode === "supabase" ? <SyncProvider>{children}</SyncProvider> : children}
    </>
  );
}
