"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore } from "react";
import { queueQueryOptions } from "@/lib/data/sync/queue-query";
import { QueryProvider } from "./query-provider";
import { UnsentDialog } from "./unsent-dialog";
import { useCurrentUser } from "./use-current-user";
import { useSignOut } from "./use-sign-out";

const OFFLINE_SIGN_OUT_MESSAGE = "Signed out on this device. Supabase could not be reached, so the session there ends when it expires.";
// Offline, router.push("/sign-in") may find no prefetched page and fall back to a full page load, which would drop a
// message kept in state only: the URL's fragment carries it across (a fragment, not a query: the service worker
// answers /sign-in from its precache offline, and a query would miss it).
const OFFLINE_SIGN_OUT_URL = "/sign-in#signed-out-offline";
const noSubscription = () => () => {};

/**
 * Supabase mode only: who is signed in, and "Sign in" or "Sign out". Signing out with check-ins not yet sent asks
 * first, and offers to keep them on this device for the next sign-in (use-sign-out.ts). Loaded by the header only in
 * Supabase mode (session-nav-lazy.tsx), with the query library it needs.
 */
export function SessionNav() {
  return (
    <QueryProvider>
      <SessionNavContent />
    </QueryProvider>
  );
}

function SessionNavContent() {
  const { user } = useCurrentUser();
  const router = useRouter();
  const { data: queue } = useQuery({ ...queueQueryOptions(user?.userId ?? ""), enabled: Boolean(user) });
  const [state, setMessage] = useState<string | null>(null);
  const signOut = useSignOut(({ serverReached }) => {
    setMessage(serverReached ? null : OFFLINE_SIGN_OUT_MESSAGE);
    router.push(serverReached ? "/sign-in" : OFFLINE_SIGN_OUT_URL);
  });
  const signedOutOffline = useSyncExternalStore(
    noSubscription,
    () => window.location.hash === "#signed-out-offline",
    () => false,
  );
  const message = signOut.error ?? state ?? (signedOutOffline ? OFFLINE_SIGN_OUT_MESSAGE : null);
  if (!user) {
    return (
      <>
        <Link href="/sign-in">Sign in</Link>
        {message && <span role="status" className="muted" data-testid="sign-out-message">{message}</span>}
      </>
    );
  }
  const shownUnsent = (queue?.pending.length ?? 0) + (queue?.rejected.length ?? 0);

  return (
    <>
      <span className="muted account-email" data-testid="account-email">{user.email}</span>
      <button
        type="button"
        className="link-button"
        disabled={signOut.busy}
        onClick={() => void signOut.begin(user.userId, "local")}
        data-unsent={shownUnsent}
      >
        Sign out
      </button>
      {signOut.asking && (
        <UnsentDialog unsent={signOut.asking.unsent} busy={signOut.busy} onChoose={(keep) => void signOut.choose(keep)} onCancel={signOut.cancel} />
      )}
      {message && <span role="status" className="muted" data-testid="sign-out-message">{message}</span>}
    </>
  );
}
