import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { chromium } from "@playwright/test";

/**
 * Which Chromium to drive. No browser can be downloaded on our machines, so we prefer, in order:
 * CHROMIUM_PATH, Debian's /usr/bin/chromium, then Playwright's own (for people who ran `npx playwright install chromium`).
 */
function resolveChromium(): { executablePath: string | undefined; source: string } {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist.`);
    return { executablePath: fromEnv, source: `CHROMIUM_PATH (${fromEnv})` };
  }
  if (existsSync("/usr/bin/chromium")) return { executablePath: "/usr/bin/chromium", source: "Debian's /usr/bin/chromium" };
  let bundled: string | undefined;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = undefined;
  }
  if (bundled && existsSync(bundled)) return { executablePath: undefined, source: `Playwright's own Chromium (${bundled})` };
  throw new Error(
    "No Chromium found. Install one: `sudo apt-get install -y chromium` (Debian/Ubuntu), or `npx playwright install chromium`, " +
      "or set CHROMIUM_PATH to a Chromium/Chrome binary.",
  );
}

const browser = resolveChromium();
if (!process.env.PLAYWRIGHT_CHROMIUM_ANNOUNCED) {
  process.env.PLAYWRIGHT_CHROMIUM_ANNOUNCED = "1";
  console.log(`[playwright] using ${browser.source}`);
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: "./e2e",
  testMatch: "**/*.spec.ts",
  // Supabase-mode specs need the test stack and a build made for it: playwright.supabase.config.ts runs them.
  testIgnore: ["**/supabase-*.spec.ts"],
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  // No retries: a test that fails once is a defect to fix, not a flake to re-run (issue 18).
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: browser.executablePath,
      args: [
        ...(isRoot ? ["--no-sandbox"] : []),
        // Machines without internet: keep Chromium from dialling out (and failing) at every start.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    // Tests run against the production build, as users get it.
    // E2E_TEST_PAGES=1 builds the test-only pages (app/test/**), which answer 404 in any build without it.
    command: `E2E_TEST_PAGES=1 npm run build && npx next start -p ${port}`,
    url: baseURL,
    // A production build: minutes on a 2-core machine, more when it is shared.
    timeout: 600_000,
    reuseExistingServer: !process.env.CI,
    stdout: "pipe",
    stderr: "pipe",
  },
});
