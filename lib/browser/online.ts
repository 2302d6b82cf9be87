/**
 * "Are we online?" for the whole page: `navigator.onLine`, kept in step by the `online`/`offline` events. The one
 * source of the answer: the badge and the save's message read it directly (no query library on the home page's first
 * load, issue 20), and TanStack Query's onlineManager follows it (lib/query/connectivity.ts) for the sync engine and
 * the queries. Outside a browser (the server render, Node tests without a window) it answers online.
 */
const listeners = new Set<() => void>();
let target: EventTarget | null = null;

const notify = () => {
  for (const listener of listeners) listener();
};

export function isOnline(): boolean {
  return typeof navigator === "undefined" || typeof navigator.onLine !== "boolean" ? true : navigator.onLine;
}

/** Calls `listener` on every change of `isOnline()`; returns the unsubscribe. */
export function subscribeOnline(listener: () => void): () => void {
  listeners.add(listener);
  // One pair of window listeners for every subscriber, added on the first and removed with the last.
  if (target === null && typeof window !== "undefined") {
    target = window;
    target.addEventListener("online", notify);
    target.addEventListener("offline", notify);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && target !== null) {
      target.removeEventListener("online", notify);
      target.removeEventListener("offline", notify);
      target = null;
    }
  };
}
