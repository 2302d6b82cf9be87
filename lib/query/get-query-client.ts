import { QueryClient, isServer } from "@tanstack/react-query";
import { trackBrowserConnectivity } from "@/lib/query/connectivity";

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // With SSR, a staleTime above 0 keeps the client from refetching immediately what the server just rendered.
        staleTime: 60_000,
        // Check-ins live in the browser (local mode) or are queued offline: do not hold queries back while offline.
        networkMode: "offlineFirst",
      },
      mutations: { networkMode: "offlineFirst" },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

/** One QueryClient per server request, one singleton in the browser (TanStack Query's Next.js pattern). */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  trackBrowserConnectivity();
  // Don't re-make a client if React suspends during the initial render: that would drop the cache.
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}
