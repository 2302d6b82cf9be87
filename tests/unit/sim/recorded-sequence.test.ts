import { describe, expect, it } from "vitest";
import { materialize, recordRequest } from "@/tests/sim/server/recorded-sequence";
import { RestModel } from "@/tests/sim/server/rest-model";
import { ANON_KEY, signJwt, STACK_JWT_SECRET } from "@/tests/stack/jwt";

/** What the simulation records must replay as the same request: same path, body and whose token it was. */
describe("recorded request sequences", () => {
  const now = Date.UTC(2026, 11, 7, 12, 0);
  const sub = "7a1f0c52-3b1e-4c1a-9f7e-0d6c2b1a0001";
  const token = (exp: number) => signJwt({ role: "authenticated", sub, iat: exp - 3600, exp }, STACK_JWT_SECRET);
  const request = (authorization?: string) => ({
    method: "POST",
    url: "/rest/v1/rpc/delete_my_data",
    headers: { apikey: ANON_KEY, "Content-Type": "application/json", ...(authorization ? { Authorization: authorization } : {}) },
    body: "{}",
  });

  it("keeps whose token it was, not the token", () => {
    expect(recordRequest(request(`Bearer ${token(now / 1000 + 600)}`), STACK_JWT_SECRET, now)).toEqual({
      method: "POST", path: "/rest/v1/rpc/delete_my_data", auth: { kind: "user", sub, iat: -3000, exp: 600 }, body: "{}",
    });
    expect(recordRequest(request(`Bearer ${token(now / 1000 - 600)}`), STACK_JWT_SECRET, now).auth).toEqual({ kind: "user", sub, iat: -4200, exp: -600 });
    expect(recordRequest(request(`Bearer ${ANON_KEY}`), STACK_JWT_SECRET, now).auth).toEqual({ kind: "anon-key" });
    expect(recordRequest(request("Bearer garbage"), STACK_JWT_SECRET, now).auth).toEqual({ kind: "raw", token: "garbage" });
    expect(recordRequest(request(), STACK_JWT_SECRET, now).auth).toEqual({ kind: "none" });
  });

  it("replays to the same answer from the model, inside and past the expiry", () => {
    const answer = (headers: Record<string, string>, body: string | null, at: number) => {
      const model = new RestModel();
      model.addUser(sub);
      return model.handle({ method: "POST", url: "/rest/v1/rpc/delete_my_data", headers, body }, at);
    };
    for (const [exp, status] of [[600, 200], [-25, 200], [-35, 401]] as const) {
      const original = request(`Bearer ${token(now / 1000 + exp)}`);
      // Replayed later (a minute on), the token is just as far from its expiry.
      const replayed = materialize(recordRequest(original, STACK_JWT_SECRET, now), now + 60_000);
      expect(answer(replayed.headers, replayed.body, now + 60_000)).toEqual({ ...answer(original.headers, original.body, now), headers: expect.anything() });
      expect(answer(replayed.headers, replayed.body, now + 60_000).status).toBe(status);
    }
  });
});
