"use client";

import dynamic from "next/dynamic";
import { env } from "@/lib/env";
import { useOnline } from "./use-online";

// Supabase mode only, with TanStack Query: its own chunk, never in a local-mode page's first load (issue 20).
const SyncBadges = dynamic(() => import("./sync-badges").then((m) => m.SyncBadges));

/**
 * "Offline" while the browser has no network; in Supabase mode also how many of this person's check-ins wait to
 * reach Supabase, how many it refused (Needs attention), and a first sign-in's pull progress (sync-badges.tsx).
 */
export function ConnectionBadge() {
  const online = useOnline();
  return (
    <span className="connection" aria-live="polite">
      {!online && (
        <span className="badge badge-offline" data-testid="offline-badge">
          Offline
        </span>
      )}
      {env.mode === "supabase" && <SyncBadges />}
    </span>
  );
}
