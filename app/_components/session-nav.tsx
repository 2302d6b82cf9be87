"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore } from "react";
import { browserLocalStore } from "@/lib/data/local/local-db";
import { countQueue } from "@/lib/data/local/local-sync-queue";
import { queueQueryOptions } from "@/lib/data/sync/queue-query";
import { useSync } from "./sync-context";
import { useCurrentUser } from "./use-current-user";

const OFFLINE_SIGN_OUT_MESSAGE = "Signed out on this device. Supabase could not be reached, so the session there ends when it expires.";
// Offline, router.push("/sign-in") may find no prefetched page and fall back to a full page load, which would drop a
// message kept in state only: the URL's fragment carries it across (a fragment, not a query: the service worker
// answers /sign-in from its precache offline, and a query would miss it).
const OFFLINE_SIGN_OUT_URL = "/sign-in#signed-out-offline";
const noSubscription = () => () => {};

async function countUnsent(userId: string): Promise<number> {
  const { pending, rejected } = await countQueue(browserLocalStore(), userId);
  return pending + rejected;
}

/**
 * Supabase mode only: who is signed in, and "Sign in" or "Sign out". Signing out with check-ins not yet sent asks
 * first, and offers to keep them on this device for the next sign-in. The count is read from the store at the click,
 * not from the header's query: a check-in whose models are still running is queued already, and must count.
 */
export function SessionNav() {
  const { user } = useCurrentUser();
  const router = useRouter();
  const { data: queue } = useQuery({ ...queueQueryOptions(user?.userId ?? ""), enabled: Boolean(user) });
  const { engine } = useSync();
  const [confirming, setConfirming] = useState<number | null>(null);
  const [state, setMessage] = useState<string | null>(null);
  const signedOutOffline = useSyncExternalStore(
    noSubscription,
    () => window.location.hash === "#signed-out-offline",
    () => false,
  );
  const message = state ?? (signedOutOffline ? OFFLINE_SIGN_OUT_MESSAGE : null);
  const [busy, setBusy] = useState(false);
  if (!user) {
    return (
      <>
        <Link href="/sign-in">Sign in</Link>
        {message && <span role="status" className="muted" data-testid="sign-out-message">{message}</span>}
      </>
    );
  }
  const shownUnsent = (queue?.pending.length ?? 0) + (queue?.rejected.length ?? 0);

  const askOrSignOut = async () => {
    setBusy(true);
    try {
      // At the click, from the store, after this page's saves still running their models have finished.
      const unsent = engine ? await engine.unsentCount(user.userId) : await countUnsent(user.userId);
      if (unsent > 0) setConfirming(unsent);
      else await doSignOut(false);
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const doSignOut = async (keepUnsent: boolean) => {
    setBusy(true);
    try {
      if (!engine) throw new Error("Still connecting to Supabase; try again in a moment.");
      // unsentSeen: what the person was told of; a save landing meanwhile makes the sign-out refuse instead of deleting it.
      const result = await engine.signOut({ keepUnsent, unsentSeen: confirming ?? 0 });
      setMessage(result.serverReached ? null : OFFLINE_SIGN_OUT_MESSAGE);
      setConfirming(null);
      router.push(result.serverReached ? "/sign-in" : OFFLINE_SIGN_OUT_URL);
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <span className="muted account-email" data-testid="account-email">{user.email}</span>
      <button
        type="button"
        className="link-button"
        disabled={busy}
        onClick={() => void askOrSignOut()}
        data-unsent={shownUnsent}
      >
        Sign out
      </button>
      {confirming !== null && (
        <div role="alertdialog" aria-labelledby="sign-out-title" className="card sign-out-dialog" data-testid="sign-out-dialog">
          <p id="sign-out-title">
            {confirming} {confirming === 1 ? "check-in has" : "check-ins have"} not reached Supabase yet.
          </p>
          <div className="actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void doSignOut(true)}>
              Keep them for my next sign-in and sign out
            </button>
            <button type="button" disabled={busy} onClick={() => void doSignOut(false)}>
              Delete them and sign out
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {message && <span role="status" className="muted" data-testid="sign-out-message">{message}</span>}
    </>
  );
}
