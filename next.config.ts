import type { NextConfig } from "next";

// Security headers for every route. CSP is left to the app issue, which knows what the models and wasm need.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

// Model registry (issue 4): model files are content-hashed, so they never change under their name; the manifest and
// the ort runtime keep their names across releases, so browsers revalidate them (cheap with ETag → 304).
const modelHeaders = [
  // Only the model files: `/models` itself is the status page.
  { source: "/models/:file([^/]+\\.onnx)", headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }] },
  { source: "/models/:file([^/]+\\.onnx\\.gz)", headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }] },
  { source: "/models/manifest.json", headers: [{ key: "Cache-Control", value: "no-cache" }] },
  { source: "/ort/:file*", headers: [{ key: "Cache-Control", value: "public, max-age=0, must-revalidate" }] },
];

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }, ...modelHeaders];
  },
};

export default nextConfig;
