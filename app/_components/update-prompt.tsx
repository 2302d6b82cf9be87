"use client";

import { useSerwist } from "@serwist/next/react";
import { useEffect, useState } from "react";

/** Fired just before the reload into a new version, so that a form can keep what was typed (check-in-form.tsx). */
export const BEFORE_UPDATE_RELOAD = "checkin:before-update-reload";

/**
 * "A new version is ready — Reload". The service worker of a new deployment installs and then waits (app/sw.ts:
 * no skipWaiting), so this tab keeps the old precache its lazy chunks come from; the person picks the moment to switch.
 */
export function UpdatePrompt() {
  const { serwist } = useSerwist();
  const [waiting, setWaiting] = useState(false);
  useEffect(() => {
    if (!serwist) return;
    const onWaiting = () => setWaiting(true);
    serwist.addEventListener("waiting", onWaiting);
    return () => serwist.removeEventListener("waiting", onWaiting);
  }, [serwist]);
  if (!waiting || !serwist) return null;
  const reload = () => {
    window.dispatchEvent(new Event(BEFORE_UPDATE_RELOAD));
    // The new worker claims this page once it activates; reload then, so the page and its worker are one version.
    serwist.addEventListener("controlling", () => window.location.reload());
    serwist.messageSkipWaiting();
  };
  return (
    <div role="status" className="notice" data-testid="update-prompt">
      A new version is ready.{" "}
      <button type="button" onClick={reload}>
        Reload
      </button>
    </div>
  );
}
