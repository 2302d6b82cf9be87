"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";

/**
 * A page that failed while rendering, inside the app's own layout (header and navigation stay). The check-in form's
 * draft is in sessionStorage (use-check-in-draft.ts), so "Try again" and "Back to check-in" find what was typed.
 */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // The page someone was on just vanished: move focus to what replaced it, so a screen reader says what happened.
    heading.current?.focus();
    console.error(error);
  }, [error]);
  const message = error instanceof Error ? error.message : String(error);
  return (
    <section className="card status-page" role="alert" data-testid="error-page">
      <h1 ref={heading} tabIndex={-1}>
        Something went wrong
      </h1>
      <p>This page could not be shown. Your saved check-ins are safe, and anything you had typed in the form is kept.</p>
      {message && <p className="muted">Details: {message}</p>}
      <p className="actions">
        <button type="button" className="primary" onClick={() => retry()}>
          Try again
        </button>
        <Link href="/" className="button-link">
          Back to check-in
        </Link>
      </p>
    </section>
  );
}
