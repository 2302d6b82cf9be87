import type { NextConfig } from "next";
import { contentSecurityPolicy } from "./lib/security/content-security-policy";

// Security headers for every route.
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
 * Content Security Policy (docs/security.md). Here without script hashes, for every response: workers, the service
 * worker and files, none of which has an inline script. Pages get the same policy plus the hashes of the prerendered
 * HTML's inline scripts from the proxy (lib/security/page-policy.ts), which replaces this header: the hashes exist only
 * after `next build` has written the HTML, later than Next evaluates headers(). The lower-case name is what lets the
 * proxy's value replace this one instead of the browser receiving (and enforcing) both.
 */
const supabaseUrl = process.env.NEXT_PUBLIC_SUPABASE_URL?.trim();
const contentSecurityPolicyHeader = {
  key: "content-security-policy",
  value: contentSecurityPolicy({
    scriptHashes: [],
    supabaseOrigin: supabaseUrl ? new URL(supabaseUrl).origin : undefined,
    development: process.env.NODE_ENV === "development",
  }),
};

const appHeaders = [contentSecurityPolicyHeader];

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

/**
 * A checkout whose node_modules is a symlink to another checkout's (a git worktree sharing the main one's install):
 * Turbopack refuses files outside its root ("Could not find the Next.js package"), so such a build names a root that
 * holds both, e.g. `NEXT_TURBOPACK_ROOT=/work npm run build`. Unset, Turbopack finds the root from the lockfile.
 */
const turbopackRoot = process.env.NEXT_TURBOPACK_ROOT?.trim();

const nextConfig: NextConfig = {
  ...(turbopackRoot ? { turbopack: { root: turbopackRoot } } : {}),
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
