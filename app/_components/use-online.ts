"use client";

import { useSyncExternalStore } from "react";
import { isOnline, subscribeOnline } from "@/lib/browser/online";

/** The page's online state (lib/browser/online.ts) as React state; the server render assumes online. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, isOnline, () => true);
}
