// The floor app (bench/floor/app/layout.jsx): Next's defaults, except what the app's next.config.ts also sets and
// that could touch a page's cost (no X-Powered-By) and the Turbopack root a worktree needs.
const turbopackRoot = process.env.NEXT_TURBOPACK_ROOT?.trim();

const nextConfig = {
  ...(turbopackRoot ? { turbopack: { root: turbopackRoot } } : {}),
  reactStrictMode: true,
  poweredByHeader: false,
};

export default nextConfig;
