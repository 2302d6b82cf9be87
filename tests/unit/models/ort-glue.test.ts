import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it, vi } from "vitest";

const require = createRequire(import.meta.url);
const dist = (file: string) => require.resolve(`onnxruntime-web/${file}`);

// The runtime's wasm comes from the registry's verified copy; here, straight from the package (no IndexedDB, no server).
vi.mock("@/lib/models/runtime-cache", () => ({
  loadRuntimeWasm: async () => new Uint8Array(readFileSync(dist("ort-wasm-simd-threaded.wasm"))).buffer,
}));

describe("onnxruntime's JavaScript glue", () => {
  it("is never imported by URL: loadOrt points onnxruntime at no .mjs, so it runs the glue embedded in the app's own bundle", async () => {
    const { loadOrt } = await import("@/lib/models/ort-session");
    const ort = await loadOrt();
    const paths = ort.env.wasm.wasmPaths;
    expect(typeof paths === "string" ? paths : paths?.mjs).toBeUndefined();
  });

  it("the build the app imports (onnxruntime-web/wasm) embeds the glue", () => {
    // The package's "import" condition for ./wasm: ort.wasm.bundle.min.mjs, which carries ort-wasm-simd-threaded.mjs
    // inside it (onnxruntime's ENABLE_BUNDLE_WASM_JS build), so no separate file is fetched when no .mjs path is set.
    const root = join(dirname(dist("ort-wasm-simd-threaded.wasm")), "..");
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: Record<string, { import: { default: string } }> };
    const bundle = readFileSync(join(root, pkg.exports["./wasm"]!.import.default), "utf8");
    expect(bundle).toContain("_OrtCreateSession");
    expect(bundle).toContain("_OrtRun");
  });
});
