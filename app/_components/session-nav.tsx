"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { currentUserQueryOptions } from "@/lib/data/session/current-user-query";

/** Supabase mode only: "Sign in" or "Sign out" in the header. */
export function SessionNav() {
  const { data: userId } = useQuery(currentUserQueryOptions());
  const queryClient = useQueryClient();
  const router = useRouter();
  if (!userId) return <Link href="/sign-in">Sign in</Link>;
  return (
    <button
      type="button"
      className="link-button"
      onClick={async () => {
        // Imported on click so that local mode ships no supabase-js.
        const { createClient } = await import("@/lib/supabase/client");
        await createClient().auth.signOut();
        // Another person may sign in next on this browser: drop everything cached for this one.
        queryClient.clear();
        router.push("/sign-in");
      }}
    >
      Sign out
    </button>
  );
}
