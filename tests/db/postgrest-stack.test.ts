import { randomUUID } from "node:crypto";
import { isAuthApiError, isAuthRetryableFetchError } from "@supabase/supabase-js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signJwt } from "@/tests/stack/jwt";
import { startSupabaseStack, type SupabaseStack } from "@/tests/stack/start-stack";
import { stackClient } from "./support/supabase-client";

// The test stack is real where it matters: these answers come from PostgREST 12.0.2 and PostgreSQL with our
// migrations and RLS, not from a fake. Only Auth is imitated (tests/stack/auth-imitation.ts).
describe("the Supabase test stack: real PostgREST, real PostgreSQL and RLS, the Auth imitation", () => {
  let stack: SupabaseStack;
  let alice: { id: string; email: string };
  let bob: { id: string; email: string };
  const PASSWORD = "correct horse battery";

  const signIn = async (email: string) => {
    const supabase = stackClient(stack.url, stack.anonKey);
    const { data, error } = await supabase.auth.signInWithPassword({ email, password: PASSWORD });
    if (error) throw error;
    return { supabase, session: data.session };
  };
  const rawGet = (path: string, token: string) =>
    fetch(`${stack.url}/rest/v1${path}`, { headers: { apikey: stack.anonKey, authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    stack = await startSupabaseStack();
    alice = { email: "alice@example.com", ...(await stack.control.createUser("alice@example.com", PASSWORD)) };
    bob = { email: "bob@example.com", ...(await stack.control.createUser("bob@example.com", PASSWORD)) };
  });

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(async () => {
    await stack.control.clearFault();
    await stack.control.setAccessTokenTtl(3600);
  });

  it("refuses an insert for another user with 403 / 42501 (RLS), and stores the user's own", async () => {
    const { supabase } = await signIn(alice.email);
    const forBob = await supabase.from("check_ins").insert({ user_id: bob.id, mood: 5, energy: 5, stress: 5 });
    expect([forBob.status, forBob.error?.code]).toEqual([403, "42501"]);
    const own = await supabase.from("check_ins").insert({ user_id: alice.id, mood: 5, energy: 5, stress: 5 });
    expect([own.status, own.error]).toEqual([201, null]);
    expect(await stack.control.rows("select user_id from public.check_ins")).toEqual([{ user_id: alice.id }]);
  });

  it("refuses mood 0 with 400 / 23514 (the check constraint)", async () => {
    const { supabase } = await signIn(alice.email);
    const result = await supabase.from("check_ins").insert({ user_id: alice.id, mood: 0, energy: 5, stress: 5 });
    expect([result.status, result.error?.code]).toEqual([400, "23514"]);
    expect(result.error?.message).toMatch(/check_ins_mood_range/);
  });

  it("answers a re-insert of the same id with 409 / 23505, and ignores it with resolution=ignore-duplicates", async () => {
    const { supabase } = await signIn(alice.email);
    const row = { id: randomUUID(), user_id: alice.id, mood: 6, energy: 5, stress: 5 };
    expect((await supabase.from("check_ins").insert(row)).status).toBe(201);
    const again = await supabase.from("check_ins").insert(row);
    expect([again.status, again.error?.code]).toEqual([409, "23505"]);
    // What the app's upload queue does on a retry: Prefer: resolution=ignore-duplicates with on_conflict=id.
    const retried = await supabase.from("check_ins").upsert(row, { onConflict: "id", ignoreDuplicates: true });
    expect([retried.status, retried.error]).toEqual([201, null]);
    expect(await stack.control.rows("select count(*)::int as n from public.check_ins where id = $1", [row.id])).toEqual([{ n: 1 }]);
  });

  it("answers 401 to a token with a bad signature and to an expired one (PGRST301)", async () => {
    const claims = { role: "authenticated", aud: "authenticated", sub: alice.id };
    const forged = signJwt({ ...claims, exp: Math.floor(Date.now() / 1000) + 600 }, "not-the-stack-secret-but-just-as-long-as-it");
    const badSignature = await rawGet("/check_ins?select=id", forged);
    expect(badSignature.status).toBe(401);
    expect(((await badSignature.json()) as { code: string }).code).toMatch(/^PGRST30[13]$/);

    // Expired by more than PostgREST's allowed clock skew.
    const expired = await rawGet("/check_ins?select=id", signJwt({ ...claims, exp: Math.floor(Date.now() / 1000) - 120 }, stack.jwtSecret));
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ code: expect.stringMatching(/^PGRST30[13]$/), message: expect.stringMatching(/expired/i) });
  });

  it("an access token from the Auth imitation expires after the configured TTL", async () => {
    await stack.control.setAccessTokenTtl(1);
    const { session } = await signIn(alice.email);
    expect(session.expires_in).toBe(1);
    // PostgREST allows some clock skew; GET /user (the Auth imitation) does not.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const user = await fetch(`${stack.url}/auth/v1/user`, { headers: { apikey: stack.anonKey, authorization: `Bearer ${session.access_token}` } });
    expect(user.status).toBe(403);
    expect(await user.json()).toMatchObject({ code: "bad_jwt" });
  });

  it("rejects a wrong password with invalid_credentials", async () => {
    const { error } = await stackClient(stack.url, stack.anonKey).auth.signInWithPassword({ email: alice.email, password: "wrong password" });
    expect(isAuthApiError(error) && [error.status, error.code, error.message]).toEqual([400, "invalid_credentials", "Invalid login credentials"]);
  });

  it("rotates refresh tokens, and a revoked one ends an expired session with SIGNED_OUT (not retried)", async () => {
    // auth-js keeps a session whose access token still works when a refresh fails, so let it expire first.
    await stack.control.setAccessTokenTtl(1);
    const { supabase, session } = await signIn(alice.email);
    const events: string[] = [];
    supabase.auth.onAuthStateChange((event) => events.push(event));
    const refreshed = await supabase.auth.refreshSession();
    expect(refreshed.error).toBeNull();
    expect(refreshed.data.session!.refresh_token).not.toBe(session.refresh_token);
    expect(events).toContain("TOKEN_REFRESHED");

    await stack.control.revoke(alice.id);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const revoked = await supabase.auth.refreshSession();
    expect(isAuthApiError(revoked.error) && [revoked.error.status, revoked.error.code]).toEqual([400, "refresh_token_not_found"]);
    expect(isAuthRetryableFetchError(revoked.error)).toBe(false);
    expect(events.at(-1)).toBe("SIGNED_OUT");
    expect((await supabase.auth.getSession()).data.session).toBeNull();
  });

  it("logout (global) revokes the refresh token and the session", async () => {
    const { supabase, session } = await signIn(bob.email);
    expect((await supabase.auth.signOut()).error).toBeNull();
    const fresh = stackClient(stack.url, stack.anonKey);
    const refresh = await fresh.auth.refreshSession({ refresh_token: session.refresh_token });
    expect(isAuthApiError(refresh.error) && refresh.error.code).toBe("refresh_token_not_found");
    const user = await fresh.auth.getUser(session.access_token);
    expect(user.error?.name).toBe("AuthSessionMissingError");
  });

  it("Sign out everywhere: scope global on one device ends the other device's session; scope local does not", async () => {
    // Two devices of Bob (two separate auth-js clients, each with its own session).
    const phone = await signIn(bob.email);
    const laptop = await signIn(bob.email);
    const tablet = await signIn(bob.email);
    expect((await phone.supabase.auth.signOut({ scope: "local" })).error).toBeNull();
    // Local ended the phone's session only: the laptop still refreshes.
    const stillIn = await laptop.supabase.auth.refreshSession();
    expect(stillIn.error).toBeNull();
    expect((await laptop.supabase.auth.signOut({ scope: "global" })).error).toBeNull();
    // The tablet never heard of it; its next refresh (with the token it holds) is refused for good.
    const refresh = await stackClient(stack.url, stack.anonKey).auth.refreshSession({ refresh_token: tablet.session.refresh_token });
    expect(isAuthApiError(refresh.error) && [refresh.error.status, refresh.error.code]).toEqual([400, "refresh_token_not_found"]);
  });

  it("logs every request with the token's sub and role", async () => {
    await stack.control.clearRequests();
    const { supabase } = await signIn(bob.email);
    await supabase.from("check_ins").select("id");
    const log = await stack.control.requests();
    expect(log.map((r) => [r.method, r.path, r.status, r.sub, r.role])).toEqual([
      ["POST", "/auth/v1/token", 200, null, "anon"],
      ["GET", "/rest/v1/check_ins", 200, bob.id, "authenticated"],
    ]);
  });

  it("a 503 fault answers 503 for as many requests as asked, then clears; supabase-js retries a GET through one", async () => {
    const { supabase } = await signIn(bob.email);
    await stack.control.setFault({ target: "rest", mode: "error", status: 503, count: 1 });
    const faulted = await supabase.from("check_ins").select("id").retry(false);
    expect(faulted.status).toBe(503);
    const next = await supabase.from("check_ins").select("id").retry(false);
    expect([next.status, next.error]).toEqual([200, null]);

    // postgrest-js retries idempotent requests on 503 by default (the app does not turn that off).
    await stack.control.clearRequests();
    await stack.control.setFault({ target: "rest", mode: "error", status: 503, count: 1 });
    expect((await supabase.from("check_ins").select("id")).status).toBe(200);
    expect((await stack.control.requests()).map((r) => r.status)).toEqual([503, 200]);
  });

  it("a delay fault holds auth requests only", async () => {
    const { supabase } = await signIn(bob.email);
    await stack.control.setFault({ target: "auth", mode: "delay", delayMs: 400 });
    let started = Date.now();
    await supabase.from("check_ins").select("id");
    expect(Date.now() - started).toBeLessThan(400);
    started = Date.now();
    await supabase.auth.getUser();
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });
});
