/// <reference lib="webworker" />
import { defaultCache } from "@serwist/next/worker";
import { CacheFirst, ExpirationPlugin, type PrecacheEntry, Serwist, type SerwistGlobalConfig } from "serwist";
import { addReminderListeners } from "./sw-reminder";

// The service worker, bundled by `serwist build` (serwist.config.js) after `next build`.
declare global {
  interface WorkerGlobalScope extends SerwistGlobalConfig {
    __SW_MANIFEST: (PrecacheEntry | string)[] | undefined;
  }
}

declare const self: ServiceWorkerGlobalScope;

/** Paths of onnxruntime's JavaScript the worker caches on first use (serwist.config.js, at build time). */
declare const __CACHED_ON_FIRST_USE__: string[];

const LAZY_SCRIPTS_CACHE = "lazy-next-scripts";

/**
 * Requests the service worker must not touch at all (no respondWith: the browser fetches them as if there were no
 * worker):
 * - /models/* (manifest and model files): the model registry owns them — it revalidates the manifest, keeps its own
 *   copy for offline starts, and caches models in IndexedDB verified by hash; a second, stale copy here would hide a
 *   new manifest and double the storage.
 * - /ort/* (onnxruntime's wasm, 14 MB): the registry keeps one copy in IndexedDB, checked against the SHA-256 the
 *   build pinned (lib/models/runtime-cache.ts). Neither precached (a first visit would download 3.7 MB nobody asked for)
 *   nor runtime-cached (a second, unchecked copy).
 * - other origins (Supabase): one user's private rows and live auth; never cached, and no detour through the worker.
 */
function bypassesServiceWorker(url: URL): boolean {
  return url.origin !== self.location.origin || url.pathname.startsWith("/models/") || url.pathname.startsWith("/ort/");
}

/**
 * Next's static JavaScript that the precache leaves out — onnxruntime's own chunk, its glue included
 * (serwist.config.js), which arrives on the first sign of a check-in. Cached when first used, cache first (its name is a content hash, and as the chunk holds
 * onnxruntime alone it keeps that name until onnxruntime itself changes), and never expired by age: defaultCache's rule
 * for Next's JS drops what was not used for a day, and a person who checks in every other day offline needs it. Every
 * other chunk is precached and answered before this rule is consulted.
 */
function isLazyNextScript(url: URL): boolean {
  return url.origin === self.location.origin && /^\/_next\/static\/.+\.js$/.test(url.pathname);
}

/**
 * A first Save can come before this worker controls the page (its install precaches 2 MB: seconds on a slow link). Then
 * onnxruntime's chunk was fetched past it, so never cached, and the next offline start had no runtime. When
 * it activates, it copies them from the browser's HTTP cache if the page fetched them — `only-if-cached`, never the
 * network, so a visit that never used onnxruntime still downloads none of it. A fetch still in flight at that moment
 * is missed (cached at the next online use).
 */
async function adoptEarlyFetches(): Promise<void> {
  await Promise.all(
    __CACHED_ON_FIRST_USE__.map(async (path) => {
      const cache = await caches.open(LAZY_SCRIPTS_CACHE);
      if (await cache.match(path)) return;
      const response = await fetch(path, { cache: "only-if-cached", mode: "same-origin" }).catch(() => undefined);
      if (response?.ok) await cache.put(path, response);
    }),
  );
}

self.addEventListener("activate", (event) => event.waitUntil(adoptEarlyFetches()));

// Registered before Serwist's own listener, so stopping propagation keeps Serwist from answering these requests.
self.addEventListener("fetch", (event) => {
  if (bypassesServiceWorker(new URL(event.request.url))) event.stopImmediatePropagation();
});

/**
 * Web workers from Next's own chunks (the "Why?" TreeSHAP worker): Turbopack starts them through a bootstrap script
 * that reads its chunk list from the script URL's `#params=` fragment. A response straight from the precache carries
 * the cached URL, without the fragment, and the worker's `location` takes it: "Missing worker bootstrap config". A
 * constructed Response has no URL, so the worker keeps the URL it was started with. Precache first (offline), else
 * the network.
 */
self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.destination !== "worker" || url.origin !== self.location.origin || !url.pathname.startsWith("/_next/static/")) return;
  event.stopImmediatePropagation();
  event.respondWith(
    (async () => {
      const response = (await serwist.matchPrecache(url.pathname)) ?? (await fetch(url.pathname));
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers });
    })(),
  );
});

const serwist = new Serwist({
  // The app shell only: Next's static chunks and the prerendered pages (serwist.config.js leaves out public/ort and
  // public/models, which the model registry fetches on intent and keeps in IndexedDB, and the chunk holding
  // onnxruntime's JavaScript, cached below when first used).
  precacheEntries: self.__SW_MANIFEST,
  // A new deployment's worker installs, then waits: activating at once would drop the precache that open tabs of the
  // previous build still load their lazy chunks from (the registry on the first check-in: a ChunkLoadError, offline
  // especially). The page offers "A new version is ready — Reload" (app/_components/update-prompt.tsx), which sends
  // SKIP_WAITING. clientsClaim stays: on a first install there is no old version to protect, and the page should be
  // controlled (offline-ready) at once.
  skipWaiting: false,
  clientsClaim: true,
  navigationPreload: true,
  runtimeCaching: [
    {
      matcher: ({ url }) => isLazyNextScript(url),
      handler: new CacheFirst({ cacheName: LAZY_SCRIPTS_CACHE, plugins: [new ExpirationPlugin({ maxEntries: 16 })] }),
    },
    ...defaultCache,
  ],
  // A page never opened on this device (so in no cache) cannot be fetched offline: answer with our own offline page
  // (app/offline/page.tsx, precached with the other prerendered pages) instead of the browser's error. Documents only:
  // a failed fetch() or RSC request must still fail as such, for the code that made it to handle.
  fallbacks: {
    entries: [{ url: "/offline", matcher: ({ request }) => request.destination === "document" }],
  },
});

serwist.addEventListeners();
addReminderListeners(self);
