"use client";

import { useState } from "react";
import type { CurrentUser } from "@/lib/data/session/current-user";
import { useSync } from "../../_components/sync-context";

/**
 * Delete my account, asked twice: first a step that names the account and says what goes, then the person types the
 * account's email. Only then does the sync engine ask Supabase to delete the Auth user (every row goes with it by
 * cascade), and wipe this device.
 */
export function DeleteAccount({ user, onDeleted }: { user: CurrentUser; onDeleted: (message: string) => void }) {
  const { whenEngine } = useSync();
  const [step, setStep] = useState<"closed" | "named" | "typed">("closed");
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const email = user.email ?? "";
  const matches = email !== "" && typed.trim().toLowerCase() === email.toLowerCase();

  const close = () => {
    setStep("closed");
    setTyped("");
  };
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      const engine = await whenEngine().catch((e: unknown) => {
          throw new Error(`${e instanceof Error ? e.message : String(e)} Nothing was deleted.`);
        });
      await engine.deleteMyAccount(user.userId);
      onDeleted(`The account ${email} was deleted, with all its check-ins and predictions, from Supabase and from this device.`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="delete-account-heading">
      <h2 id="delete-account-heading">Delete my account</h2>
      <p className="muted">Deletes your account itself: you will not be able to sign in with it again.</p>
      {step === "closed" && (
        <button type="button" className="danger" onClick={() => setStep("named")}>
          Delete my account…
        </button>
      )}
      {step === "named" && (
        <div role="alertdialog" aria-labelledby="delete-account-named" className="actions">
          <span id="delete-account-named">
            Delete the account <strong>{email}</strong>, every check-in and prediction in it, and this device&apos;s copy, unsent check-ins
            included? This cannot be undone.
          </span>
          <button type="button" className="danger" onClick={() => setStep("typed")}>Continue</button>
          <button type="button" onClick={close}>Cancel</button>
        </div>
      )}
      {step === "typed" && (
        <div role="alertdialog" aria-labelledby="delete-account-last">
          <p id="delete-account-last">Last step: this deletes the account {email} for good.</p>
          <div className="field">
            <label htmlFor="delete-account-email">
              Type your email address, {email}, to delete the account
            </label>
            <input id="delete-account-email" type="email" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
          </div>
          <div className="actions">
            <button type="button" className="danger" disabled={!matches || busy} onClick={() => void remove()}>
              Delete my account permanently
            </button>
            <button type="button" disabled={busy} onClick={close}>Cancel</button>
          </div>
        </div>
      )}
      {error && <p role="alert" className="error-text">{error}</p>}
    </section>
  );
}
