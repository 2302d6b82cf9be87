import { expect, test } from "@playwright/test";
import { writeArtifact } from "./fixtures/app-helpers";
import { FIRST_LOAD_BUDGET_GZIP_BYTES, firstLoadScripts } from "./fixtures/first-load-js";

// What must never be in the home page's first load, each by identifiers that survive minification.
const FORBIDDEN: [what: string, pattern: RegExp][] = [
  // The registry (and onnxruntime-web with it) is imported on the first sign of intent to check in.
  ["onnxruntime-web", /onnxruntime-web|ort-wasm-simd|InferenceSession/],
  ["a model file URL", /\.onnx["'`]/],
  // History's chart only: its class names are in every recharts build.
  ["recharts", /recharts-(wrapper|surface|line)/],
  // zod's full ("classic") API brings its English messages; zod/mini brings none (we write our own).
  ["zod's full API (classic, with its locale)", /Too big: expected|Invalid input: expected/],
  // The reminder (issue 22) loads with the Your data page only: its sync tag, and the calendar file's text.
  ["the reminder", /daily-check-in-reminder|VCALENDAR/],
  // TanStack Query serves the other pages; the home page saves without it and loads it after a save (issue 20).
  ["TanStack Query", /No QueryClient set, use QueryClientProvider/],
];

test("the home page's first-load JavaScript stays within its budget (gzip) and carries no models, onnxruntime, recharts, full zod or TanStack Query", async ({ request }) => {
  const scripts = await firstLoadScripts(request, "/");
  expect(scripts.length).toBeGreaterThan(0);
  const gzip = scripts.reduce((sum, s) => sum + s.gzip_bytes, 0);
  writeArtifact("first-load-js.json", {
    page: "/",
    scripts: scripts.length,
    bytes: scripts.reduce((sum, s) => sum + s.bytes, 0),
    gzip_bytes: gzip,
    budget_gzip_bytes: FIRST_LOAD_BUDGET_GZIP_BYTES,
    by_script: scripts.map(({ src, bytes, gzip_bytes }) => ({ src, bytes, gzip_bytes })).sort((a, b) => b.gzip_bytes - a.gzip_bytes),
  });
  for (const s of scripts) {
    // Soft, and on a boolean: report every offender (not a megabyte of minified code) and still check the size below.
    for (const [what, pattern] of FORBIDDEN) expect.soft(pattern.test(s.text), `${what} in ${s.src}`).toBe(false);
  }
  const sizes = scripts.map((s) => `${s.src} ${s.gzip_bytes}`).join("\n");
  expect(gzip, `first-load JS of / in gzip bytes, by script:\n${sizes}`).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_GZIP_BYTES);
});

test("the predictions page's first load carries no zod: the saved manifest is validated after the first render", async ({ request }) => {
  const scripts = await firstLoadScripts(request, "/predictions");
  expect(scripts.length).toBeGreaterThan(0);
  const zod = FORBIDDEN.find(([what]) => what.startsWith("zod"))![1];
  for (const s of scripts) expect.soft(zod.test(s.text), `zod's full API in ${s.src}`).toBe(false);
});
