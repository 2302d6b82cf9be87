#!/usr/bin/env node
/**
 * Copies onnxruntime-web's single-threaded-capable wasm runtime to public/ort/ so that it is served from a stable URL
 * (lib/models/ort-session.ts sets env.wasm.wasmPaths to it). Run by `predev` and `prebuild`; public/ort is gitignored.
 */
import { copyFileSync, mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const dist = dirname(require.resolve("onnxruntime-web/ort-wasm-simd-threaded.wasm"));
const target = join(root, "public", "ort");
mkdirSync(target, { recursive: true });

for (const file of ["ort-wasm-simd-threaded.wasm", "ort-wasm-simd-threaded.mjs"]) {
  const from = join(dist, file);
  const to = join(target, file);
  let fresh = false;
  try {
    const a = statSync(from);
    const b = statSync(to);
    fresh = a.size === b.size && b.mtimeMs >= a.mtimeMs;
  } catch {
    fresh = false;
  }
  if (!fresh) copyFileSync(from, to);
}
console.log(`[copy-ort-wasm] onnxruntime-web runtime in public/ort/`);
