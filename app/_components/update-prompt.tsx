"use client";

import { useEffect, useSyncExternalStore } from "react";
import { isUpdateWaiting, startServiceWorker, subscribeUpdateWaiting, switchToWaitingVersion } from "./service-worker";

/** Fired just before the reload into a new version, so that a form can keep what was typed (check-in-form.tsx). */
export const BEFORE_UPDATE_RELOAD = "checkin:before-update-reload";

/**
 * "A new version is ready — Reload". The service worker of a new deployment installs and then waits (app/sw.ts:
 * no skipWaiting), so this tab keeps the old precache its lazy chunks come from; the person picks the moment to switch.
 * Also what registers the worker, after load (service-worker.ts).
 */
export function UpdatePrompt() {
  const waiting = useSyncExternalStore(subscribeUpdateWaiting, isUpdateWaiting, () => false);
  useEffect(() => startServiceWorker(), []);
  if (!waiting) return null;
  const reload = () => {
    window.dispatchEvent(new Event(BEFORE_UPDATE_RELOAD));
    switchToWaitingVersion();
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
