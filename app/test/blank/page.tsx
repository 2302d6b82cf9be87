import { notFound } from "next/navigation";

/**
 * Test-only page for the Lighthouse benchmark (scripts/bench/lighthouse.ts, reported as `shell`): our root layout
 * (header, providers, service worker registration) around an empty page, so the four real pages can be read beside
 * what the shell alone costs. The framework alone is bench/floor/. 404 unless built with E2E_TEST_PAGES=1.
 */
export default function BlankTestPage() {
  if (process.env.E2E_TEST_PAGES !== "1") notFound();
  return (
    <section>
      <h1>Blank</h1>
      <p className="muted">Nothing but the app&apos;s shell.</p>
    </section>
  );
}
