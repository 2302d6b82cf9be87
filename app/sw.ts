/// <reference lib="webworker" />
import { defaultCache } from "@serwist/next/worker";
import { NetworkOnly, type PrecacheEntry, Serwist, type SerwistGlobalConfig } from "serwist";

// The service worker, bundled by `serwist build` (serwist.config.js) after `next build`.
declare global {
  interface WorkerGlobalScope extends SerwistGlobalConfig {
    __SW_MANIFEST: (PrecacheEntry | string)[] | undefined;
  }
}

declare const self: ServiceWorkerGlobalScope;

const serwist = new Serwist({
  // The app shell: Next's static chunks, the prerendered pages, the onnxruntime wasm and the model manifest.
  precacheEntries: self.__SW_MANIFEST,
  skipWaiting: true,
  clientsClaim: true,
  navigationPreload: true,
  runtimeCaching: [
    // The model files live in the registry's own IndexedDB cache (verified by hash, cleared from the Models page);
    // a second copy in Cache Storage would double the space and escape "clear".
    { matcher: ({ url, sameOrigin }) => sameOrigin && /^\/models\/.+\.onnx(\.gz)?$/.test(url.pathname), handler: new NetworkOnly() },
    // Never cache Supabase (or any cross-origin API) responses: they are one user's private rows, and auth must be live.
    { matcher: ({ sameOrigin }) => !sameOrigin, handler: new NetworkOnly() },
    ...defaultCache,
  ],
});

serwist.addEventListeners();
