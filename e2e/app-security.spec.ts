import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

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

// The home page's first-load JavaScript (size budget, no models, onnxruntime, recharts, full zod or TanStack Query): e2e/first-load-js.spec.ts.
