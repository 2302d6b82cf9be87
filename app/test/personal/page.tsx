import { notFound } from "next/navigation";
import { PersonalHarness } from "./personal-harness";

/**
 * Test-only page for the in-browser personal training benchmark (scripts/bench/personal-browser-bench.ts): exposes the
 * training worker on `window.__personalTest`. 404 unless built with E2E_TEST_PAGES=1, like /test/explain.
 */
export default function PersonalTestPage() {
  if (process.env.E2E_TEST_PAGES !== "1") notFound();
  return (
    <section>
      <h1>Personal training harness</h1>
      <PersonalHarness />
    </section>
  );
}
