import type { Session } from "@supabase/supabase-js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { stampTime } from "@/lib/data/check-ins/save-check-in";
import { TokenSource } from "@/lib/data/sync/token-source";

/** A JWT as Auth issues it: only the claims matter here (the server checks the signature). */
const jwt = (claims: { sub: string; iat: number; exp: number }) =>
  `h.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.s`;

const HOUR = 3_600_000;

/** A device whose wall clock can be set (and jump) while elapsed time runs on its own, and an Auth that counts refreshes. */
function device(skewMs: number) {
  let server = Date.UTC(2026, 11, 7, 12);
  let monotonic = 0;
  let wallSkew = skewMs;
  const clock = { now: () => server + wallSkew, monotonic: () => monotonic };
  const issue = (): Session => {
    const iat = Math.floor(server / 1000);
    return { access_token: jwt({ sub: "u1", iat, exp: iat + 3600 }), refresh_token: `r${iat}`, expires_at: iat + 3600, expires_in: 3600, user: { id: "u1" } } as unknown as Session;
  };
  // auth-js as it behaves (2.109): it reads the device's clock (Date.now), loading the session refreshes it when that
  // clock says it expires within 90 s, and refreshSession() loads first, then refreshes.
  vi.spyOn(Date, "now").mockImplementation(() => clock.now());
  // eslint-disable-next-line prefer-const -- assigned below, once auth exists; refresh() reaches it through the closure
  let tokens: TokenSource;
  let refreshes = 0;
  let stored = issue();
  const refresh = () => {
    refreshes += 1;
    stored = issue();
    // auth-js hands a refresh to its listeners (TOKEN_REFRESHED) before the call returns; the engine passes it on.
    tokens.accept(stored, true);
    return stored;
  };
  const load = () => (stored.expires_at! * 1000 - Date.now() < 90_000 ? refresh() : stored);
  const auth = {
    getSession: async () => ({ data: { session: load() }, error: null }),
    refreshSession: async () => {
      load();
      return { data: { session: refresh() }, error: null };
    },
  };
  tokens = new TokenSource(auth, clock);
  return {
    tokens,
    issue,
    stored: () => stored,
    refreshes: () => refreshes,
    pass: (ms: number) => {
      server += ms;
      monotonic += ms;
    },
    jumpWallClock: (ms: number) => {
      wallSkew += ms;
    },
    clock,
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the sync's token source, judged by elapsed time (issue 18, defects 8 and 9)", () => {
  it("refreshes once per token lifetime whatever the device's clock says (2 h fast, 2 days slow)", async () => {
    for (const skew of [2 * HOUR, -48 * HOUR, 0]) {
      const d = device(skew);
      d.tokens.accept(d.stored(), true);
      for (let minute = 0; minute < 180; minute++) {
        expect((await d.tokens.token("u1")).kind).toBe("ok");
        d.pass(60_000);
      }
      // Three hours of one-hour tokens: a refresh near the end of each of the first two, and one at the third hour.
      expect(d.refreshes()).toBe(3);
    }
  });

  it("learns the server's offset from a fresh token and keeps it right when the device's clock jumps later", () => {
    const d = device(2 * HOUR);
    expect(d.tokens.serverOffsetMs()).toBeNull();
    d.tokens.accept(d.stored(), true);
    expect(Math.abs(d.tokens.serverOffsetMs()! + 2 * HOUR)).toBeLessThan(1000);
    d.pass(10 * 60_000);
    d.jumpWallClock(24 * HOUR); // now a day and two hours fast
    const offset = d.tokens.serverOffsetMs()!;
    expect(Math.abs(offset + 26 * HOUR)).toBeLessThan(1000);
    // A check-in stamped now carries the server's time, not the device's.
    expect(Math.abs(Date.parse(stampTime(d.clock.now(), offset)) - (d.clock.now() - 26 * HOUR))).toBeLessThan(1000);
  });

  it("a 401 refreshes once; a second 401 on the new token refreshes once more, never in a loop", async () => {
    const d = device(0);
    d.tokens.accept(d.stored(), true);
    const first = await d.tokens.token("u1");
    if (first.kind !== "ok") throw new Error("expected a token");
    // A second later (an Auth server signing the same claims within one second issues the identical JWT).
    d.pass(1000);
    const again = await d.tokens.unauthorized("u1", first.token);
    expect(again.kind).toBe("ok");
    expect(d.refreshes()).toBe(1);
    // The same stale token reported twice (two requests that failed together): still one refresh.
    await d.tokens.unauthorized("u1", first.token);
    expect(d.refreshes()).toBe(1);
  });

  it("never hands out another person's token", async () => {
    const d = device(0);
    d.tokens.accept(d.stored(), true);
    expect(await d.tokens.token("someone-else")).toEqual({ kind: "needs-sign-in" });
  });
});
