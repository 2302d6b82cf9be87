import type { NextConfig } from "next";

// Security headers for every route. CSP is left to the app issue, which knows what the models and wasm need.
const isProduction = process.env.NODE_ENV === "production";

const securityHeaders = [
  // HTTPS only, for two years, once a browser has seen the site over HTTPS (browsers ignore it on plain http://, so
  // `next start` on localhost is unaffected). Production builds only: `next dev` is plain HTTP on a LAN address.
  ...(isProduction ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/**
 * Content Security Policy (app issue).
 * - script-src 'unsafe-inline': Next's statically prerendered pages carry inline bootstrap scripts, and nonces would
 *   force every page to be rendered per request — and the service worker serves these pages offline from its precache.
 * - 'wasm-unsafe-eval': onnxruntime-web compiles its WebAssembly; no JavaScript eval is allowed in production.
 * - connect-src: this origin (models, manifest, wasm) and, in Supabase mode, the project URL (REST + Auth).
 * - worker-src blob:: onnxruntime-web may start its proxy worker from a blob URL.
 */
function contentSecurityPolicy(): string {
  const supabaseUrl = process.env.NEXT_PUBLIC_SUPABASE_URL?.trim();
  const supabaseOrigin = supabaseUrl ? new URL(supabaseUrl).origin : "";
  const isDev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'${isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${supabaseOrigin ? ` ${supabaseOrigin} ${supabaseOrigin.replace(/^http/, "ws")}` : ""}${isDev ? " ws:" : ""}`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const appHeaders = [{ key: "Content-Security-Policy", value: contentSecurityPolicy() }];

// Model registry (issue 4): model files are content-hashed, so they never change under their name; the manifest and
// the ort runtime keep their names across releases, so browsers revalidate them (cheap with ETag → 304).
const modelHeaders = [
  // Only the model files: `/models` itself is the status page.
  { source: "/models/:file([^/]+\\.onnx)", headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }] },
  { source: "/models/:file([^/]+\\.onnx\\.gz)", headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }] },
  { source: "/models/:file([^/]+\\.trees)", headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }] },
  { source: "/models/:file([^/]+\\.trees\\.gz)", headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }] },
  { source: "/models/manifest.json", headers: [{ key: "Cache-Control", value: "no-cache" }] },
  { source: "/ort/:file*", headers: [{ key: "Cache-Control", value: "public, max-age=0, must-revalidate" }] },
];

/**
 * Hosts other than localhost that `next dev` serves its dev resources (JS chunks, HMR) to. Next 16 blocks them for any
 * other origin, and a page opened as http://127.0.0.1:3000 or from a phone on the LAN then never hydrates. 127.0.0.1
 * always; a LAN address when you name it: `NEXT_DEV_ALLOWED_ORIGINS=192.168.1.20 npm run dev` (comma-separated,
 * wildcards per dot segment such as `192.168.*.*`). Dev only; production builds ignore it.
 */
const allowedDevOrigins = [
  "127.0.0.1",
  ...(process.env.NEXT_DEV_ALLOWED_ORIGINS ?? "").split(",").map((h) => h.trim()).filter((h) => h !== ""),
];

const nextConfig: NextConfig = {
  reactStrictMode: true,
  allowedDevOrigins,
  poweredByHeader: false,
  async headers() {
    return [
      { source: "/:path*", headers: [...securityHeaders, ...appHeaders] },
      // The service worker must be revalidated on every visit, or a new deployment would wait a day to take over.
      { source: "/sw.js", headers: [{ key: "Cache-Control", value: "no-cache, no-store, must-revalidate" }] },
      ...modelHeaders,
    ];
  },
};

export default nextConfig;
