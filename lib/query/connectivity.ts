import { onlineManager } from "@tanstack/react-query";

let installed = false;

/**
 * Makes TanStack Query's `onlineManager` the page's one answer to "are we online?" (the badge, the save's message, the
 * sync engine), seeded from `navigator.onLine` and kept in step by the `online`/`offline` events. TanStack's own
 * listener starts from "online" whatever the browser says, so a page opened offline (from the service worker) would
 * think it is online until the network next changes. `focusManager` keeps its default (`visibilitychange`).
 * Idempotent; does nothing outside a browser.
 */
export function trackBrowserConnectivity(): void {
  if (installed || typeof window === "undefined") return;
  installed = true;
  onlineManager.setEventListener((setOnline) => {
    const update = () => setOnline(navigator.onLine);
    update();
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  });
}
