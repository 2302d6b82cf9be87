"use client";

import { useQuery } from "@tanstack/react-query";
import type { CurrentUser } from "@/lib/data/session/current-user";
import { currentUserQueryOptions } from "@/lib/data/session/current-user-query";

/** The current user: undefined while loading, null when signed out (Supabase mode). */
export function useCurrentUser(): { user: CurrentUser | null | undefined; error: Error | null } {
  const { data, error } = useQuery(currentUserQueryOptions());
  return { user: data, error };
}
