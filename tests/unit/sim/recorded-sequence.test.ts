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
    expect(recordRequest(request(`Bearer ${token(now / 1000 + 600)}`), STACK_JWT_SECRET, now)).toEqual({ method: "POST", path: "/rest/v1/rpc/delete_my_data", auth: { kind: "user", sub }, body: "{}" });
    expect(recordRequest(request(`Bearer ${token(now / 1000 - 600)}`), STACK_JWT_SECRET, now).auth).toEqual({ kind: "user", sub, expired: true });
    expect(recordRequest(request(`Bearer ${ANON_KEY}`), STACK_JWT_SECRET, now).auth).toEqual({ kind: "anon-key" });
    expect(recordRequest(request("Bearer garbage"), STACK_JWT_SECRET, now).auth).toEqual({ kind: "raw", token: "garbage" });
    expect(recordRequest(request(), STACK_JWT_SECRET, now).auth).toEqual({ kind: "none" });
  });

  it("replays to the same answer from the model", () => {
    const answer = (headers: Record<string, string>, body: string | null) => {
      const model = new RestModel();
      model.addUser(sub);
      return model.handle({ method: "POST", url: "/rest/v1/rpc/delete_my_data", headers, body }, now);
    };
    const original = request(`Bearer ${token(now / 1000 + 600)}`);
    const replayed = materialize(recordRequest(original, STACK_JWT_SECRET, now), now);
    expect(answer(replayed.headers, replayed.body)).toEqual(answer(original.headers, original.body));
    expect(answer(replayed.headers, replayed.body).body).toBe("1");
  });
});
