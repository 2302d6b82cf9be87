import type { Metadata } from "next";
import Link from "next/link";
import { RetryButton } from "./retry-button";

export const metadata: Metadata = { title: "Offline · Check-in" };

/**
 * What the service worker answers, offline, for a page it does not keep (app/sw.ts, `fallbacks`): an address never
 * opened on this device, or a server-only route. Precached like every prerendered page, so it is there from the first
 * visit on. The pages that matter offline are all kept; the links lead to them.
 */
export default function OfflinePage() {
  return (
    <section className="card status-page" data-testid="offline-page">
      <h1>You are offline</h1>
      <p>This page needs the network, and this device has not kept a copy of it.</p>
      <p>Checking in works offline, and so do your history and predictions: they are kept in this browser.</p>
      <p className="actions">
        <Link href="/" className="button-link primary">
          Check in
        </Link>
        <Link href="/history" className="button-link">
          History
        </Link>
        <RetryButton />
      </p>
    </section>
  );
}
