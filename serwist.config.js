// @ts-check
// Configurator mode of @serwist/next: `next build` first (Turbopack), then `serwist build` bundles app/sw.ts with a
// precache manifest of what the build produced, including the prerendered pages.
import { serwist } from "@serwist/next/config";

export default serwist({
  swSrc: "app/sw.ts",
  swDest: "public/sw.js",
  // The onnxruntime wasm (public/ort/, ~14 MB) must be precached so the models run offline; the default 2 MB limit
  // would silently skip it.
  maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
  globIgnores: [
    // Models are cached by the model registry in IndexedDB on first use, never up front (10+ MB nobody asked for).
    "public/models/**/*.onnx",
    "public/models/**/*.onnx.gz",
  ],
});
