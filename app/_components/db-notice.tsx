"use client";

import { useEffect, useState } from "react";
import { onLocalDbEvent, type LocalDbEvent } from "@/lib/data/local/local-db";

/**
 * Tells the person when the browser database needs them: an older tab blocks an upgrade, or a newer one needs this tab
 * to reload. (Keeping queries in step with the local store is the query client's own job: lib/query/get-query-client.ts.)
 */
export function DbNotice() {
  const [dbEvent, setDbEvent] = useState<LocalDbEvent | null>(null);
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
