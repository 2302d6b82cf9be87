"use client";

import { useState } from "react";
import { browserChangeBus } from "@/lib/data/local/data-changes";
import { browserLocalStore } from "@/lib/data/local/local-db";
import { env } from "@/lib/env";
import type { CurrentUser } from "@/lib/data/session/current-user";
import { SignedOutNotice } from "../../_components/signed-out-notice";
import { saveFile } from "../../_components/save-file";
import { useSync } from "../../_components/sync-context";
import { useCurrentUser } from "../../_components/use-current-user";
import { DeleteAccount } from "./delete-account";
import { ImportData } from "./import-data";
import { SignOutEverywhere } from "./sign-out-everywhere";

export function YourDataView() {
  const { user, error } = useCurrentUser();
  // Kept here, above the signed-in view: deleting the account (or signing out everywhere offline) signs the person
  // out, which unmounts that view, and the sentence saying what happened must stay.
  const [afterAccount, setAfterAccount] = useState<string | null>(null);
  if (error) return <p role="alert" className="error-text">{error.message}</p>;
  if (user === undefined) return <p role="status">Loading…</p>;
  if (user === null) {
    return (
      <>
        {afterAccount && <p role="status" className="notice" data-testid="account-outcome">{afterAccount}</p>}
        <SignedOutNotice />
      </>
    );
  }
  return <YourData user={user} onAccountGone={setAfterAccount} />;
}

type Message = { kind: "error" | "info"; text: string } | null;

function YourData({ user, onAccountGone }: { user: CurrentUser; onAccountGone: (message: string) => void }) {
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const { whenEngine } = useSync();
  const stamp = () => new Date().toISOString().slice(0, 10);

  const download = async (format: "json" | "check-ins.csv" | "predictions.csv") => {
    setMessage(null);
    if (env.mode === "supabase") {
      // The file is made from this device's store: bring it up to date with the server first, and say so when that
      // was not possible (before a first pull completes, the device may hold only part of the history).
      const engine = await whenEngine().catch(() => null);
      await engine?.request("always");
      if (engine?.getStatus().phase !== "idle") {
        setMessage({ kind: "info", text: "Supabase could not be reached, so this file holds what this device has; check-ins from your other devices may be missing." });
      }
    }
    const m = await import("@/lib/data/your-data/export-data");
    const data = await m.collectUserData(browserLocalStore(), user.userId);
    if (format === "json") saveFile(`check-in-data-${stamp()}.json`, "application/json", JSON.stringify(data, null, 2));
    else if (format === "check-ins.csv") saveFile(`check-ins-${stamp()}.csv`, "text/csv", m.toCsv(data.check_ins, m.CHECK_IN_CSV_COLUMNS));
    else saveFile(`predictions-${stamp()}.csv`, "text/csv", m.toCsv(data.predictions, m.PREDICTION_CSV_COLUMNS));
  };

  const remove = async () => {
    setBusy(true);
    setMessage(null);
    try {
      if (env.mode === "supabase") {
        const engine = await whenEngine().catch((e: unknown) => {
          throw new Error(`${e instanceof Error ? e.message : String(e)} Nothing was deleted.`);
        });
        await engine.deleteMyData(user.userId);
      } else {
        const { deleteLocalModeData } = await import("@/lib/data/your-data/delete-data");
        await deleteLocalModeData(browserLocalStore(), browserChangeBus(), user.userId);
      }
      setMessage({ kind: "info", text: env.mode === "supabase" ? "Your check-ins and predictions were deleted from Supabase and from this device." : "Your check-ins and predictions were deleted from this browser." });
      setConfirmDelete(false);
    } catch (e) {
      setMessage({ kind: "error", text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <section className="card" aria-labelledby="download-heading">
        <h2 id="download-heading">Download my data</h2>
        <p className="muted">Every check-in and prediction of yours{env.mode === "supabase" ? " (including any not sent yet)" : ""}.</p>
        <div className="actions">
          <button type="button" onClick={() => void download("json")}>Download JSON</button>
          <button type="button" onClick={() => void download("check-ins.csv")}>Check-ins (CSV)</button>
          <button type="button" onClick={() => void download("predictions.csv")}>Predictions (CSV)</button>
        </div>
      </section>
      <ImportData user={user} />
      <section className="card" aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete my data</h2>
        <p className="muted">
          {env.mode === "supabase"
            ? "Deletes all your check-ins and predictions from Supabase and from this device. Your account stays."
            : "Deletes all your check-ins and predictions from this browser."}
        </p>
        {!confirmDelete ? (
          <button type="button" onClick={() => setConfirmDelete(true)}>Delete my data</button>
        ) : (
          <div role="alertdialog" aria-labelledby="delete-confirm" className="actions">
            <span id="delete-confirm">This cannot be undone.</span>
            <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
              Yes, delete everything
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirmDelete(false)}>Cancel</button>
          </div>
        )}
      </section>
      {env.mode === "supabase" && (
        <>
          <SignOutEverywhere user={user} onOffline={onAccountGone} />
          <DeleteAccount user={user} onDeleted={onAccountGone} />
        </>
      )}
      {message && (
        <p role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "error-text" : "notice"}>
          {message.text}
        </p>
      )}
    </>
  );
}
