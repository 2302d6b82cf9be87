import { notFound } from "next/navigation";
import { Crash } from "./crash";

/**
 * Test-only page for the error page's browser test (e2e/error-pages.spec.ts): it renders fine on the server and throws
 * once React runs it in the browser, as a bug in a page would. 404 unless built with E2E_TEST_PAGES=1.
 */
export default function CrashTestPage() {
  if (process.env.E2E_TEST_PAGES !== "1") notFound();
  return (
    <section>
      <h1>Crash harness</h1>
      <Crash />
    </section>
  );
}
