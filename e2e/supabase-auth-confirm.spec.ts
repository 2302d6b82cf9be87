import type { Page } from "@playwright/test";
import { createUser, expect, test, uniqueEmail } from "./fixtures/stack";

/**
 * /auth/confirm, the link in Supabase's emails, in the browser against the test stack (real PostgREST, Auth imitation).
 * Both link shapes sign in — `?token_hash=&type=` (verifyOtp) and `?code=` (PKCE: GoTrue's /verify redirects with an
 * auth code, redeemed with the verifier the browser kept in a cookie at sign-up) — and whatever `next` a link carries,
 * the browser ends up on this origin. evil.com is answered by a stub, so that landing there is visible (not a DNS error).
 */
test.skip(!process.env.NEXT_PUBLIC_SUPABASE_URL, "Supabase mode only: run with `npm run test:e2e:supabase`");

const SUPABASE_URL = process.env.NEXT_PUBLIC_SUPABASE_URL!;
const PASSWORD = "correct horse battery";

/** `next` exactly as it appears in a link's query string (not encoded again). */
const PAYLOADS = [
  "/\\evil.com", // backslash: read as //evil.com
  "/%09/evil.com", // tab, dropped by the URL parser: //evil.com
  "%2F%2Fevil.com", // encoded protocol-relative
  "//evil.com", // protocol-relative
  "javascript:alert(1)",
  "https://evil.com",
  "http:evil.com", // special scheme without slashes: host evil.com
  "/%5Cevil.com", // encoded backslash
  "%5C%5Cevil.com", // two encoded backslashes
  "/%0A/evil.com", // newline, dropped like the tab
  "https:%2F%2Fevil.com",
  "/a/..//evil.com", // same origin, but its path reads as a host to a careless re-parse
];

async function stubEvil(page: Page) {
  await page.context().route(/^https?:\/\/evil\.com/, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<h1>evil</h1>" }));
}

async function expectSignedInHere(page: Page, email: string) {
  const app = new URL(test.info().project.use.baseURL!);
  await expect.poll(() => new URL(page.url()).origin).toBe(app.origin);
  // Same origin is the criterion; a path that starts with // would read as a host to a careless re-parse.
  expect(new URL(page.url()).pathname).not.toMatch(/^\/\//);
  await expect(page.getByTestId("account-email")).toHaveText(email);
}

async function secureSessionCookie(page: Page) {
  const cookies = await page.context().cookies();
  const session = cookies.filter((c) => /^sb-.*-auth-token(\.\d+)?$/.test(c.name));
  expect(session.length, cookies.map((c) => c.name).join(", ")).toBeGreaterThan(0);
  // A production build (`next start`): the session's cookies must be Secure.
  expect(session.filter((c) => !c.secure).map((c) => c.name)).toEqual([]);
}

test.describe("token_hash links (verifyOtp)", () => {
  for (const payload of PAYLOADS) {
    test(`next=${payload} lands on this origin, signed in`, async ({ page, stack }) => {
      await stubEvil(page);
      const email = uniqueEmail("confirm-hash");
      await stack.createUser(email, PASSWORD, { confirmed: false });
      const [tokenHash] = await stack.confirmations(email);
      const confirm = page.waitForResponse((r) => new URL(r.url()).pathname === "/auth/confirm");
      await page.goto(`/auth/confirm?token_hash=${tokenHash}&type=signup&next=${payload}`).catch(() => {});
      const response = await confirm;
      await expectSignedInHere(page, email);
      // The redirect that carries the new session must not be cacheable (lib/supabase/server.ts passes @supabase/ssr's headers on).
      expect(response.headers()["cache-control"]).toMatch(/private.*no-store|no-store.*private/);
      await secureSessionCookie(page);
    });
  }
});

test.describe("code links (PKCE, Supabase's default email template)", () => {
  test.afterEach(async ({ stack }) => {
    await stack.configure({ autoconfirm: true });
  });

  for (const payload of PAYLOADS.slice(0, 8)) {
    test(`sign up, follow the email's link with next=${payload}: signed in on this origin`, async ({ page, stack, baseURL }) => {
      await stubEvil(page);
      await stack.configure({ autoconfirm: false });
      const email = uniqueEmail("confirm-code");
      await page.goto("/sign-in");
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign up" }).click();
      await expect(page.locator("form[aria-label='Sign in']").getByRole("status")).toContainText("Check your email");
      const [tokenHash] = await stack.confirmations(email);
      // What GoTrue's default template links to: its own /verify, which redirects to redirect_to with ?code=.
      const redirectTo = `${baseURL}/auth/confirm?next=${payload}`;
      await page.goto(`${SUPABASE_URL}/auth/v1/verify?token=${tokenHash}&type=signup&redirect_to=${encodeURIComponent(redirectTo)}`).catch(() => {});
      await expectSignedInHere(page, email);
      await secureSessionCookie(page);
    });
  }
});

test("a code link opened without the sign-up's verifier cookie does not sign in", async ({ page, stack, browser, baseURL }) => {
  await stack.configure({ autoconfirm: false });
  try {
    const email = uniqueEmail("confirm-code-stolen");
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page.locator("form[aria-label='Sign in']").getByRole("status")).toContainText("Check your email");
    const [tokenHash] = await stack.confirmations(email);
    const other = await browser.newContext();
    const victim = await other.newPage();
    await victim.goto(`${SUPABASE_URL}/auth/v1/verify?token=${tokenHash}&type=signup&redirect_to=${encodeURIComponent(`${baseURL}/auth/confirm`)}`);
    await expect(victim).toHaveURL(/\/sign-in\?error=/);
    await expect(victim.locator("form[aria-label='Sign in']").getByRole("alert")).toContainText("invalid or has expired");
    await other.close();
  } finally {
    await stack.configure({ autoconfirm: true });
  }
});

test("the proxy's token refresh answers with Cache-Control: private, no-store and Secure cookies", async ({ page, stack }) => {
  const email = uniqueEmail("proxy-refresh");
  await createUser(email, PASSWORD);
  // Under auth-js's 90 s expiry margin: every request through the proxy refreshes the session.
  await stack.setAccessTokenTtl(30);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("account-email")).toHaveText(email);
  await stack.clearRequests();
  const response = await page.request.get("/history");
  expect(response.status()).toBe(200);
  const refreshed = (await stack.requests()).filter((r) => r.method === "POST" && r.path === "/auth/v1/token");
  expect(refreshed.length).toBeGreaterThan(0);
  const headers = response.headersArray();
  const value = (name: string) => headers.filter((h) => h.name.toLowerCase() === name).map((h) => h.value);
  expect(value("cache-control").join(",")).toMatch(/private/);
  expect(value("cache-control").join(",")).toMatch(/no-store/);
  expect(value("pragma")).toContain("no-cache");
  expect(value("expires")).toContain("0");
  const setCookies = value("set-cookie").filter((c) => /^sb-/.test(c));
  expect(setCookies.length).toBeGreaterThan(0);
  for (const cookie of setCookies) expect(cookie).toMatch(/;\s*Secure/i);
});
