"use client";

import Link from "next/link";
import { type FormEvent, useRef, useSyncExternalStore } from "react";
import { maskEmail } from "@/lib/auth/mask-email";
import { SIGN_IN_ERRORS } from "@/lib/auth/sign-in-errors";
import { env } from "@/lib/env";
import { useSync } from "../../../_components/sync-context";
import { UnsentDialog } from "../../../_components/unsent-dialog";
import { useCurrentUser } from "../../../_components/use-current-user";
import { useSignOut } from "../../../_components/use-sign-out";

const noSubscription = () => () => {};

/**
 * Names the account an email link is for and signs in only when the person presses the button (a POST to
 * /auth/confirm, which checks that it came from this page's origin). The name comes from the link itself (`email`,
 * which our email template adds): a link cannot be verified without being used up, so the page cannot ask Auth first.
 * The POST checks that the token really belongs to that address and signs nobody in otherwise.
 *
 * Someone else signed in on this device is never replaced silently: the page says who, and the button signs them out
 * first through the sync engine, with the same question about unsent check-ins as Sign out.
 */
export function ConfirmLink() {
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);
  const search = useSyncExternalStore(noSubscription, () => window.location.search, () => "");
  const params = new URLSearchParams(search);
  const link = { tokenHash: params.get("token_hash") ?? "", type: params.get("type") ?? "", email: params.get("email") ?? "", next: params.get("next") ?? "" };
  const masked = maskEmail(link.email);
  const { user } = useCurrentUser();
  const { engine } = useSync();
  const form = useRef<HTMLFormElement>(null);
  // Signed out, now the link's account may sign in: the native POST (submit() skips onSubmit).
  const signOut = useSignOut(() => form.current?.submit());

  if (env.mode !== "supabase") return <p className="notice">{SIGN_IN_ERRORS.not_configured}</p>;
  if (!hydrated) return <p role="status">Loading…</p>;
  if (!link.tokenHash || !link.type) {
    return (
      <p role="alert" className="error-text">
        {SIGN_IN_ERRORS.link_invalid} <Link href="/sign-in">Sign in</Link>
      </p>
    );
  }
  if (masked === null) {
    return (
      <p role="alert" className="error-text">
        {SIGN_IN_ERRORS.link_incomplete} <Link href="/sign-in">Sign in</Link>
      </p>
    );
  }
  const someoneElse = user ? (user.email ?? "").toLowerCase() !== link.email.toLowerCase() : false;
  const theirName = user ? (maskEmail(user.email ?? "") ?? "another account") : "";
  // Until we know who is signed in here (and, if someone is, until the engine that signs them out runs), no button.
  const ready = user !== undefined && (!someoneElse || engine !== null);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    if (!someoneElse || !user) return; // nobody to sign out first: the browser posts the form
    e.preventDefault();
    void signOut.begin(user.userId, "local");
  };

  return (
    <form ref={form} className="card" method="post" action="/auth/confirm" aria-label="Sign in with an email link" onSubmit={submit}>
      <p>
        Sign in as <strong data-testid="link-account">{masked}</strong>?
      </p>
      {someoneElse && (
        <p className="notice" data-testid="signed-in-elsewhere">
          You are signed in as <strong>{theirName}</strong> on this device; signing in as {masked} will sign them out.
        </p>
      )}
      {user && !someoneElse && <p className="muted">You are already signed in as {masked} on this device.</p>}
      <input type="hidden" name="token_hash" value={link.tokenHash} />
      <input type="hidden" name="type" value={link.type} />
      <input type="hidden" name="email" value={link.email} />
      <input type="hidden" name="next" value={link.next} />
      <div className="actions">
        <button type="submit" className="primary" disabled={!ready || signOut.busy}>
          Sign in as {masked}
        </button>
        <Link href="/">Not now</Link>
      </div>
      <p className="muted">If you did not ask for this link, do not sign in: someone may be trying to make this device use their account.</p>
      {signOut.asking && <UnsentDialog unsent={signOut.asking.unsent} busy={signOut.busy} onChoose={(keep) => void signOut.choose(keep)} onCancel={signOut.cancel} />}
      {signOut.error && (
        <p role="alert" className="error-text">
          {signOut.error}
        </p>
      )}
    </form>
  );
}
