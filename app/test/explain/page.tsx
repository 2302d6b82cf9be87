import { notFound } from "next/navigation";
import { ExplainHarness } from "./explain-harness";

/**
 * Test-only page for "Why?"'s benchmark (npm run bench:models, BENCH_ONLY=explain): exposes the tree-file loader and
 * the TreeSHAP worker on `window.__explainTest`. 404 unless built with E2E_TEST_PAGES=1, like /test/registry.
 */
export default function ExplainTestPage() {
  if (process.env.E2E_TEST_PAGES !== "1") notFound();
  return (
    <section>
      <h1>Explanation harness</h1>
      <ExplainHarness />
    </section>
  );
}
