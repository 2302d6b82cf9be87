"use client";

import { useState } from "react";
import { useSync } from "./sync-context";

export type SignOutScope = "local" | "global";
export type SignOutOutcome = { serverReached: boolean; scope: SignOutScope };

/**
 * Signing the device's account out, the one way every button does it (Sign out, Sign out everywhere, signing in with
 * someone else's email link): through the sync engine, which wipes the account's data from this device and tells
 * Auth. With check-ins not yet sent it asks first (`asking`), and the person keeps them for their next sign-in here
 * or deletes them. The count is read from the store at the click, after this page's saves still running their models.
 * A click before the sync engine has started waits for it (busy), rather than failing.
 */
export function useSignOut(onSignedOut: (outcome: SignOutOutcome) => void) {
  const { whenEngine } = useSync();
  const [asking, setAsking] = useState<{ unsent: number; scope: SignOutScope } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (scope: SignOutScope, keepUnsent: boolean, unsentSeen: number) => {
    const engine = await whenEngine();
    // unsentSeen: what the person was told of; a save landing meanwhile makes the sign-out refuse instead of deleting it.
    const result = await engine.signOut({ keepUnsent, unsentSeen, scope });
    setAsking(null);
    onSignedOut({ serverReached: result.serverReached, scope });
  };

  const guarded = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return {
    asking,
    busy,
    error,
    /** Asks about unsent check-ins, or signs out at once when there are none. */
    begin: (userId: string, scope: SignOutScope) =>
      guarded(async () => {
        const unsent = await (await whenEngine()).unsentCount(userId);
        if (unsent > 0) setAsking({ unsent, scope });
        else await run(scope, false, 0);
      }),
    /** The person's answer to `asking`. */
    choose: (keepUnsent: boolean) => guarded(() => run(asking?.scope ?? "local", keepUnsent, asking?.unsent ?? 0)),
    cancel: () => setAsking(null),
  };
}
