"use client";

import "./globals.css";

/**
 * The last resort: the root layout itself failed, so this replaces the whole document (its own <html> and <body>) and
 * can rely on nothing the layout provides.
 */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <html lang="en">
      <body>
        <main className="container">
          <title>Something went wrong · Check-in</title>
          <section className="card status-page" role="alert">
            <h1>Something went wrong</h1>
            <p>The app could not start. Your saved check-ins are safe in this browser.</p>
            {message && <p className="muted">Details: {message}</p>}
            <p className="actions">
              <button type="button" className="primary" onClick={() => retry()}>
                Try again
              </button>
              {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a full load on purpose: the router may be what broke */}
              <a href="/" className="button-link">
                Back to check-in
              </a>
            </p>
          </section>
        </main>
      </body>
    </html>
  );
}
