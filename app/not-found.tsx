import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Page not found · Check-in" };

/** Unknown addresses, in the app's own header and look; the check-in form keeps its draft (use-check-in-draft.ts). */
export default function NotFound() {
  return (
    <section className="card status-page" data-testid="not-found">
      <h1>Page not found</h1>
      <p>There is no page at this address. It may have been mistyped, or the link was out of date.</p>
      <p className="muted">Anything you had typed in the check-in form and not saved is still there.</p>
      <p className="actions">
        <Link href="/" className="button-link primary">
          Back to check-in
        </Link>
        <Link href="/history" className="button-link">
          History
        </Link>
      </p>
    </section>
  );
}
