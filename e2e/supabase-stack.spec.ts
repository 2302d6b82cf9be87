import { createUser, expect, requests, test, uniqueEmail } from "./fixtures/stack";

/**
 * Smoke test of the test stack in the browser: the app's real sign-in page signs in through the Auth imitation, and
 * the gateway's request log shows the requests made with the user's own token. Supabase mode only.
 */
test.skip(!process.env.NEXT_PUBLIC_SUPABASE_URL, "Supabase mode only: run with `npm run test:e2e:supabase`");

test("signs in through the app's sign-in page against the stack; the request log shows the token's sub", async ({ page, stack }) => {
  const email = uniqueEmail("smoke");
  const password = "correct horse battery";
  const { id } = await createUser(email, password);
  await stack.clearRequests();

  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  const log = await requests();
  expect(log.filter((r) => r.method === "POST" && r.path === "/auth/v1/token").map((r) => [r.status, r.sub])).toEqual([[200, null]]);
  // A full page load goes through the Next.js proxy, which checks the session cookie with the Auth imitation
  // (getClaims → GET /auth/v1/user for HS256 tokens): from now on requests carry the new access token.
  await page.goto("/history");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect.poll(async () => (await requests()).filter((r) => r.sub === id).map((r) => r.role)).toContainEqual("authenticated");
  expect((await requests()).filter((r) => r.sub !== null && r.sub !== id)).toEqual([]);
});
