"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { CurrentUser } from "@/lib/data/session/current-user";
import { UnsentDialog } from "../../_components/unsent-dialog";
import { useSignOut } from "../../_components/use-sign-out";

/**
 * Sign out everywhere: this device as Sign out does (the same question about unsent check-ins), and every other
 * session of the account at Supabase (scope "global"), for a lost phone or a shared computer left signed in.
 */
export function SignOutEverywhere({ user, onOffline }: { user: CurrentUser; onOffline: (message: string) => void }) {
  const router = useRouter();
  const [refused, setRefused] = useState<string | null>(null);
  const signOut = useSignOut(({ serverReached }) => {
    if (serverReached) router.push("/sign-in");
    else onOffline("Signed out on this device only: Supabase could not be reached, so your other devices stay signed in until their sessions end. Sign in and try again online.");
  });
  const start = () => {
    // Offline, only this device could be signed out: say so before anything happens, rather than after.
    if (!navigator.onLine) return setRefused("You are offline: signing out everywhere needs Supabase. Nothing was signed out.");
    setRefused(null);
    void signOut.begin(user.userId, "global");
  };
  return (
    <section className="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Sign out everywhere</h2>
      <p className="muted">Signs you out on this device and on every other device or browser where you are signed in.</p>
      <button type="button" disabled={signOut.busy} onClick={start}>Sign out everywhere</button>
      {signOut.asking && <UnsentDialog unsent={signOut.asking.unsent} busy={signOut.busy} onChoose={(keep) => void signOut.choose(keep)} onCancel={signOut.cancel} />}
      {(refused ?? signOut.error) && <p role="alert" className="error-text">{refused ?? signOut.error}</p>}
    </section>
  );
}
