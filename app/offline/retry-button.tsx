"use client";

/** Reloads the address that could not be reached: the service worker tries the network again. */
export function RetryButton() {
  return (
    <button type="button" onClick={() => window.location.reload()}>
      Try again
    </button>
  );
}
