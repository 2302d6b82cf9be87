"use client";

import { useQuery } from "@tanstack/react-query";
import { currentUserQueryOptions } from "@/lib/data/session/current-user-query";

/** The current user id: undefined while loading, null when signed out (Supabase mode). */
export function useCurrentUser(): { userId: string | null | undefined; error: Error | null } {
  const { data, error } = useQuery(currentUserQueryOptions());
  return { userId: data, error };
}
