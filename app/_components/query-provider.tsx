"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { getQueryClient } from "@/lib/query/get-query-client";

/**
 * TanStack Query for the part of a page that reads queries. Not in the root layout: the home page saves without it,
 * so its first-load JavaScript carries none of it (issue 20); every other page, and the home page's results once a
 * check-in is saved, wraps what needs it in this. One client in the browser (get-query-client.ts), so the cache is
 * shared across pages and wrappers.
 */
export function QueryProvider({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={getQueryClient()}>{children}</QueryClientProvider>;
}
