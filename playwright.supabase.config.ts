import { defineConfig } from "@playwright/test";
import base from "./playwright.config";
import { ANON_KEY } from "./tests/stack/jwt";

/**
 * Supabase mode in the browser against the test stack (tests/stack): real PostgreSQL and PostgREST behind a gateway
 * with the Auth imitation, started by Playwright next to a build of the app made with the stack's URL and anon key.
 * `npm run test:e2e:supabase` uses this file; `npm run test:e2e` (local mode) does not.
 */
const STACK_PORT = Number(process.env.STACK_PORT ?? 54321);
// Not the local-mode port: reuseExistingServer must never pick up a local-mode build by mistake.
const APP_PORT = Number(process.env.E2E_SUPABASE_PORT ?? 3101);
const SUPABASE_URL = `http://127.0.0.1:${STACK_PORT}`;

// Specs read these (to skip outside Supabase mode, and to reach the control API); Playwright's workers inherit them.
process.env.NEXT_PUBLIC_SUPABASE_URL = SUPABASE_URL;
process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY = ANON_KEY;

export default defineConfig({
  ...base,
  testMatch: ["**/supabase-*.spec.ts"],
  testIgnore: [],
  // Stated here too, so that nobody brings retries back to the Supabase specs by changing the base: a timing failure
  // is a defect to fix (issue 18).
  retries: 0,
  use: { ...base.use, baseURL: `http://localhost:${APP_PORT}` },
  webServer: [
    {
      command: `npx tsx tests/stack/serve.ts --port ${STACK_PORT}`,
      url: `${SUPABASE_URL}/auth/v1/settings?apikey=${ANON_KEY}`,
      timeout: 120_000,
      // A stack left over from another run would carry its users and log into this one.
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    },
    {
      // NEXT_PUBLIC_* are inlined at build time, so the build must see the stack's URL and anon key.
      command: `E2E_TEST_PAGES=1 npm run build && npx next start -p ${APP_PORT}`,
      url: `http://localhost:${APP_PORT}`,
      env: { NEXT_PUBLIC_SUPABASE_URL: SUPABASE_URL, NEXT_PUBLIC_SUPABASE_ANON_KEY: ANON_KEY },
      // A production build: minutes on a 2-core machine, more when it is shared.
      timeout: 600_000,
      reuseExistingServer: !process.env.CI,
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
