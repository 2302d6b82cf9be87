import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { writeArtifact } from "./fixtures/app-helpers";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

test("no service-role key or secret in anything sent to browsers", () => {
  // Everything a browser can download: Next's static chunks, public/ (service worker included).
  const files = [...filesUnder(".next/static"), ...filesUnder("public")].filter((f) => /\.(js|mjs|html|json|css)$/.test(f));
  expect(files.length).toBeGreaterThan(5);
  const forbidden = [/service_role/i, /SUPABASE_SERVICE_ROLE/i, /sb_secret_/, /SUPABASE_JWT_SECRET/i];
  const hits = files.flatMap((f) => {
    const text = readFileSync(f, "utf8");
    return forbidden.filter((re) => re.test(text)).map((re) => `${f}: ${re}`);
  });
  expect(hits).toEqual([]);
});

test("pages carry the security headers and a CSP that allows wasm but not eval", async ({ request }) => {
  const response = await request.get("/");
  const headers = response.headers();
  expect(headers["x-frame-options"]).toBe("DENY");
  // `next start` is a production build: HSTS on (browsers ignore it over plain http, so localhost is unaffected).
  expect(headers["strict-transport-security"]).toMatch(/max-age=\d{8,}/);
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toContain("'wasm-unsafe-eval'");
  expect(csp).not.toMatch(/'unsafe-eval'/);
  expect(csp).toContain("frame-ancestors 'none'");
  const sw = await request.get("/sw.js");
  expect(sw.status()).toBe(200);
  expect(sw.headers()["cache-control"]).toContain("no-cache");
});

test("the home page ships no model and no onnxruntime bytes up front (first-load JS recorded)", async ({ request }) => {
  const html = await (await request.get("/")).text();
  // Scripts a modern browser runs on first load (noModule polyfills are skipped by every browser that runs the app).
  const scripts = [...html.matchAll(/<script([^>]+)>/g)]
    .filter((m) => !/nomodule/i.test(m[1]!))
    .flatMap((m) => /src="([^"]+\.js)"/.exec(m[1]!)?.[1] ?? []);
  expect(scripts.length).toBeGreaterThan(0);
  let raw = 0;
  let gzipped = 0;
  for (const src of new Set(scripts)) {
    const body = await (await request.get(src)).body();
    raw += body.length;
    gzipped += gzipSync(body).length;
    const text = body.toString("utf8");
    // onnxruntime-web's own identifiers; the registry (and ort with it) is imported only on "Save check-in".
    expect(text, src).not.toMatch(/onnxruntime-web|ort-wasm-simd|InferenceSession/);
    expect(text, src).not.toMatch(/\.onnx["'`]/);
  }
  writeArtifact("first-load-js.json", { page: "/", scripts: new Set(scripts).size, bytes: raw, gzip_bytes: gzipped });
});
