/**
 * App Router pages (not route handlers) that `next build` did not prerender, i.e. rendered per request, from two of
 * its manifests: app-path-routes-manifest.json (entry → route, e.g. "/history/page" → "/history") and the routes of
 * prerender-manifest.json.
 */
export function pagesRenderedPerRequest(appPathRoutes: Record<string, string>, prerenderedRoutes: Iterable<string>): string[] {
  const prerendered = new Set(prerenderedRoutes);
  return Object.entries(appPathRoutes)
    .filter(([entry, route]) => entry.endsWith("/page") && !prerendered.has(route))
    .map(([, route]) => route)
    .sort();
}
