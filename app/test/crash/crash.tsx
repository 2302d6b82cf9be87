"use client";

import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

export class TestCrashError extends Error {
  override name = "TestCrashError";
}

/** Throws while rendering in the browser (never on the server, so the build's prerender succeeds). */
export function Crash() {
  const inBrowser = useSyncExternalStore(noSubscription, () => true, () => false);
  if (inBrowser) throw new TestCrashError("The crash harness failed on purpose.");
  return <p>Loading…</p>;
}
