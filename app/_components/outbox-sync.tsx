"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { flushOutbox } from "@/lib/data/outbox/flush-outbox";
import { outboxKeys } from "@/lib/data/outbox/keys";

/**
 * Supabase mode only: sends check-ins queued offline when the page starts and whenever the connection returns,
 * then refreshes the badge and every list (what changed on the server is exactly what was queued).
 */
export function OutboxSync() {
  const queryClient = useQueryClient();
  useEffect(() => {
    const flush = async () => {
      // Imported here so that local mode, which never renders this, ships no supabase-js.
      const { createClient } = await import("@/lib/supabase/client");
      const result = await flushOutbox(createClient()).catch(() => null);
      await queryClient.invalidateQueries({ queryKey: outboxKeys.pendingCount() });
      if (result && result.sent > 0) {
        await queryClient.invalidateQueries({ queryKey: ["check-ins"] });
        await queryClient.invalidateQueries({ queryKey: ["predictions"] });
      }
    };
    if (navigator.onLine) void flush();
    window.addEventListener("online", flush);
    return () => window.removeEventListener("online", flush);
  }, [queryClient]);
  return null;
}
