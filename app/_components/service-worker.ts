"use client";

import type { Serwist } from "@serwist/window";

let started = false;
let serwist: Serwist | null = null;
let waiting = false;
const listeners = new Set<() => void>();

/**
 * Registers the service worker (built by `serwist build` after `next build`) once per page, after the page has loaded
 * and the main thread is idle: Serwist's window client is a dynamic import, so it is not in any page's first-load
 * JavaScript (issue 20), and its work never competes with the page's own start. What SerwistProvider did, minus its
 * reload on `online` (coming back online must not reload the page under someone typing; the sync engine sends):
 * a module worker at scope `/`, and each client-side navigation's URL handed to the worker to keep (`CACHE_URLS`).
 * Does nothing where there is no service worker (an old browser, `next dev`).
 */
export function startServiceWorker(): void {
  if (started || process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
  started = true;
  void afterLoadAndIdle()
    .then(() => import("@serwist/window"))
    .then(({ Serwist }) => {
      const client = new Serwist("/sw.js", { scope: "/", type: "module" });
      // Before register(): a worker already waiting when the page opens is announced during registration.
      client.addEventListener("waiting", () => {
        waiting = true;
        for (const listener of listeners) listener();
      });
      keepNavigatedPages(client);
      serwist = client;
      // immediate: the load event has already passed (Serwist would otherwise wait for it again).
      return client.register({ immediate: true });
    });
}

/** Whether a new version's worker is installed and waiting for this page to let it take over (app/sw.ts). */
export function isUpdateWaiting(): boolean {
  return waiting;
}

export function subscribeUpdateWaiting(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Lets the waiting worker take over, and reloads once it controls this page, so the page and its worker are one version. */
export function switchToWaitingVersion(): void {
  if (!serwist) return;
  serwist.addEventListener("controlling", () => window.location.reload());
  serwist.messageSkipWaiting();
}

function afterLoadAndIdle(): Promise<void> {
  const loaded =
    document.readyState === "complete" ? Promise.resolve() : new Promise<void>((resolve) => window.addEventListener("load", () => resolve(), { once: true }));
  return loaded.then(
    () =>
      new Promise<void>((resolve) => {
        // Safari has no requestIdleCallback: the next task after load is the nearest it offers.
        if (typeof requestIdleCallback === "function") requestIdleCallback(() => resolve(), { timeout: 5_000 });
        else setTimeout(resolve, 0);
      }),
  );
}

/** Client-side navigations never reach the worker's fetch handler: tell it which page to keep for offline. */
function keepNavigatedPages(client: Serwist): void {
  const keep = (url: string | URL | null | undefined) => {
    if (!navigator.onLine || !url) return;
    void client.messageSW({ type: "CACHE_URLS", payload: { urlsToCache: [String(url)] } });
  };
  const { pushState, replaceState } = history;
  history.pushState = function (...args: Parameters<History["pushState"]>) {
    pushState.apply(history, args);
    keep(args[2]);
  };
  history.replaceState = function (...args: Parameters<History["replaceState"]>) {
    replaceState.apply(history, args);
    keep(args[2]);
  };
  window.addEventListener("online", () => keep(window.location.pathname));
}
