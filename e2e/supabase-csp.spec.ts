import { hashSource, inlineScripts } from "../scripts/csp/inline-scripts";
import { fillCheckIn, expectHydrated } from "./fixtures/app-helpers";
import { watchCspViolations } from "./fixtures/csp-watch";
import { createUser, expect, rows, test, uniqueEmail } from "./fixtures/stack";

/**
 * The CSP in Supabase mode (docs/security.md): its own build, so its own hashes, and connect-src opened to the
 * project's origin only. Signing in, checking in, the sync to PostgREST and every page run with no violation.
 */
test.skip(!process.env.NEXT_PUBLIC_SUPABASE_URL, "Supabase mode only: run with `npm run test:e2e:supabase`");

test("sign in, check in, sync: the policy lists this build's hashes, allows the project's origin, and nothing is refused", async ({
  page,
  context,
}) => {
  test.setTimeout(600_000);
  const supabaseOrigin = new URL(process.env.NEXT_PUBLIC_SUPABASE_URL!).origin;
  const response = await page.request.get("/sign-in");
  const policy = response.headers()["content-security-policy"] ?? "";
  const scriptSrc = policy.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src ")) ?? "";
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  for (const script of inlineScripts(await response.text())) expect(scriptSrc).toContain(`'${hashSource(script)}'`);
  // No websocket: Realtime is not used, so the policy does not allow it.
  expect(policy).toContain(`connect-src 'self' ${supabaseOrigin};`);

  const violations = await watchCspViolations(context);
  const email = uniqueEmail("csp");
  const { id } = await createUser(email, "correct horse battery");
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 60_000 });

  await page.goto("/");
  await fillCheckIn(page, { Mood: "6", Energy: "5", Stress: "5", Notes: "Synced under the CSP." });
  await page.getByRole("button", { name: "Save check-in" }).click();
  await expect(page.getByTestId("prediction-results").getByRole("listitem")).toHaveCount(5, { timeout: 240_000 });
  await expect
    .poll(async () => (await rows<{ n: number }>("select count(*)::int as n from public.check_ins where user_id = $1", [id]))[0]?.n, {
      timeout: 60_000,
    })
    .toBe(1);
  for (const path of ["/history", "/predictions", "/models", "/your-data", "/sign-in"]) {
    await page.goto(path);
    await expectHydrated(page);
  }
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
});
