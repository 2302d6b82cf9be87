// @ts-check
// Configurator mode of @serwist/next: `next build` first (Turbopack), then `serwist build` bundles app/sw.ts with a
// precache manifest of what the build produced, including the prerendered pages.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { serwist } from "@serwist/next/config";

/**
 * onnxruntime's own JavaScript (onnxruntime-web's wasm bundle, ~70 KB, 23 KB gzip), which Turbopack puts in a Next
 * chunk of its own under a hashed name: told apart by its content, an export of onnxruntime's wasm bindings that every
 * build of it binds by name (e2e/models-first-visit.spec.ts finds it at the server the same way). Left out of the
 * precache like public/ort: it arrives on the first sign of a check-in, with the wasm, and app/sw.ts caches it then
 * (cache first, no expiry by age), so that it is there offline after first use.
 * @param {string} file a precache entry before @serwist/next maps it to a URL: a path relative to the project
 */
function holdsOnnxruntime(file) {
  return file.startsWith(".next/static/") && file.endsWith(".js") && existsSync(file) && readFileSync(file, "utf8").includes("_OrtCreateSession");
}

/**
 * onnxruntime's JavaScript that the service worker caches on first use (app/sw.ts): its Next chunk(s), which also
 * hold the glue onnxruntime used to import by URL from public/ort (now embedded, lib/models/ort-session.ts). Handed to
 * the worker so that, when it activates, it can adopt copies a Save made before it took over from the browser's HTTP
 * cache (never the network). Read after `next build`, which this step follows.
 */
function cachedOnFirstUse() {
  const chunks = existsSync(".next/static/chunks") ? readdirSync(".next/static/chunks") : [];
  return chunks.filter((f) => holdsOnnxruntime(`.next/static/chunks/${f}`)).map((f) => `/_next/static/chunks/${f}`);
}

/**
 * A prerendered page that answers with an error status (a `notFound()` page, e.g. a test-only route in a normal build)
 * must not be precached: one failing URL makes the whole service worker installation fail.
 * @param {string} htmlPath path of the prerendered .html, relative to the project
 */
function prerenderedWithErrorStatus(htmlPath) {
  const meta = htmlPath.replace(/\.html$/, ".meta");
  if (!htmlPath.endsWith(".html") || !existsSync(meta)) return false;
  try {
    const status = JSON.parse(readFileSync(meta, "utf8")).status;
    return typeof status === "number" && status >= 400;
  } catch {
    return false;
  }
}

export default serwist({
  swSrc: "app/sw.ts",
  swDest: "public/sw.js",
  globIgnores: [
    // Models are cached by the model registry in IndexedDB on first use, never up front (10+ MB nobody asked for), and
    // the manifest is the registry's too (it keeps its own copy for offline starts); app/sw.ts leaves /models/* alone.
    "public/models/**",
    // The onnxruntime runtime likewise: precaching it made every first visit download 3.7 MB (gzip) at service worker
    // install. The registry fetches it on the first sign of a check-in and keeps one verified copy in IndexedDB, which
    // is what runs offline (lib/models/runtime-cache.ts).
    "public/ort/**",
  ],
  esbuildOptions: { define: { __CACHED_ON_FIRST_USE__: JSON.stringify(cachedOnFirstUse()) } },
  manifestTransforms: [
    async (entries) => {
      const onnxruntime = new Set(entries.filter((e) => holdsOnnxruntime(e.url)));
      // A build where the marker matches nothing would quietly precache onnxruntime again under another shape.
      const warnings = onnxruntime.size === 0 ? ["No Next chunk holds onnxruntime (_OrtCreateSession): check serwist.config.js"] : [];
      return { manifest: entries.filter((e) => !prerenderedWithErrorStatus(e.url) && !onnxruntime.has(e)), warnings };
    },
  ],
});
