import { QueryClient, isServer } from "@tanstack/react-query";
import { type DataChange, onDataChanged } from "@/lib/data/local/data-changes";
import type { CurrentUser } from "@/lib/data/session/current-user";
import { sessionKeys } from "@/lib/data/session/keys";
import { trackBrowserConnectivity } from "@/lib/query/connectivity";
import { invalidateFor } from "@/lib/query/invalidate-for";

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

/**
 * Keeps the browser's client in step with the local store, in this tab and across tabs, from the moment it exists: a
 * save, a pull, a sent or refused check-in, or another account signing in refreshes exactly the queries that read it.
 * Here rather than in a component, because the home page has no query client until a page needs one (issue 20): a save
 * made there before History was opened must still make History's cached rows stale. The user is the one in the cache
 * (null, unknown, refetches everything: lib/query/invalidate-for.ts).
 */
export function keepInStepWithLocalStore(
  queryClient: QueryClient,
  subscribe: (listener: (change: DataChange) => void) => () => void = onDataChanged,
): () => void {
  return subscribe((change) => {
    const user = queryClient.getQueryData<CurrentUser | null>(sessionKeys.currentUser());
    void invalidateFor(queryClient, change, user?.userId ?? null);
  });
}

/** One QueryClient per server request, one singleton in the browser (TanStack Query's Next.js pattern). */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  trackBrowserConnectivity();
  // Don't re-make a client if React suspends during the initial render: that would drop the cache.
  if (!browserQueryClient) {
    browserQueryClient = makeQueryClient();
    keepInStepWithLocalStore(browserQueryClient);
  }
  return browserQueryClient;
}
