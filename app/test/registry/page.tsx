import { notFound } from "next/navigation";
import { RegistryHarness } from "./registry-harness";

/**
 * Test-only page for the model registry's browser tests and benchmark (e2e/models-*.spec.ts, npm run bench:models):
 * it exposes a ModelRegistry on `window.__modelTest` so that tests can make ten concurrent get() calls, time the hot
 * path, and so on. Production builds answer 404 here unless built with E2E_TEST_PAGES=1 (playwright.config.ts sets it
 * for the e2e build; `E2E_TEST_PAGES=1 npm run build` by hand).
 */
export default function RegistryTestPage() {
  if (process.env.E2E_TEST_PAGES !== "1") notFound();
  return (
    <section>
      <h1>Model registry harness</h1>
      <RegistryHarness />
    </section>
  );
}
