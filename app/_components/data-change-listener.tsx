"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { onLocalDbEvent, type LocalDbEvent } from "@/lib/data/local/local-db";
import { onDataChanged } from "@/lib/data/local/data-changes";
import { invalidateFor } from "@/lib/query/invalidate-for";
import { useCurrentUser } from "./use-current-user";

/**
 * Keeps every mounted query in step with the local store, in this tab and across tabs: a save, a pull, a sent or
 * refused check-in, or another account signing in refreshes exactly the queries that read it. Also tells the person
 * when the browser database needs them (an older tab blocks an upgrade, or a newer one needs this tab to reload).
 */
export function DataChangeListener() {
  const queryClient = useQueryClient();
  const [dbEvent, setDbEvent] = useState<LocalDbEvent | null>(null);
  const { user } = useCurrentUser();
  const userId = user?.userId ?? null;
  useEffect(() => onDataChanged((change) => void invalidateFor(queryClient, change, userId)), [queryClient, userId]);
  useEffect(() => onLocalDbEvent(setDbEvent), []);
  if (!dbEvent || dbEvent.kind === "terminated" || dbEvent.kind === "open") return null;
  return (
    <p role="alert" className="notice db-notice" data-testid="db-notice">
      {dbEvent.kind === "blocked"
        ? "This app was updated. Close its other tabs (or reload them) so it can update the data kept in this browser."
        : "This app was updated in another tab. "}
      {dbEvent.kind === "reload-required" && (
        <button type="button" className="link-button" onClick={() => window.location.reload()}>
          Reload this tab
        </button>
      )}
    </p>
  );
}
