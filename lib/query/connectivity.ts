import { onlineManager } from "@tanstack/react-query";
import { isOnline, subscribeOnline } from "@/lib/browser/online";

let installed = false;

/**
 * Makes TanStack Query's `onlineManager` follow the page's one answer to "are we online?" (lib/browser/online.ts:
 * `navigator.onLine` and the online/offline events), for the sync engine and the queries. TanStack's own listener
 * starts from "online" whatever the browser says, so a page opened offline (from the service worker) would think it is
 * online until the network next changes. `focusManager` keeps its default (`visibilitychange`). Idempotent; does
 * nothing outside a browser.
 */
export function trackBrowserConnectivity(): void {
  if (installed || typeof window === "undefined") return;
  installed = true;
  onlineManager.setEventListener((setOnline) => {
    setOnline(isOnline());
    return subscribeOnline(() => setOnline(isOnline()));
  });
}
