import { signJwt } from "@/tests/stack/jwt";

/**
 * Plain HTTP to the test stack's /rest/v1, as the sync's own requests are made (fetch, apikey, a bearer token): no
 * supabase-js in between, so a test sees PostgREST's exact status and body.
 */
export type RestReply = { status: number; body: unknown };

export type RestAs = {
  token: string | null;
  get(path: string): Promise<RestReply>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<RestReply>;
  headers(): Record<string, string>;
};

/** A token for a user seeded in SQL, signed with the stack's secret as Auth would sign it. */
export function userToken(userId: string, secret: string): string {
  return signJwt({ role: "authenticated", aud: "authenticated", sub: userId, exp: 4102444800 }, secret);
}

/** Requests to `${url}/rest/v1` with the anon key and, when `token` is given, `Authorization: Bearer <token>`. */
export function restAs(url: string, anonKey: string, token: string | null): RestAs {
  const headers = () => ({ apikey: anonKey, ...(token === null ? {} : { authorization: `Bearer ${token}` }) });
  const reply = async (response: Response): Promise<RestReply> => {
    const text = await response.text();
    return { status: response.status, body: text === "" ? null : (JSON.parse(text) as unknown) };
  };
  return {
    token,
    headers,
    get: async (path) => reply(await fetch(`${url}/rest/v1/${path}`, { headers: headers() })),
    post: async (path, body, extra = {}) =>
      reply(
        await fetch(`${url}/rest/v1/${path}`, {
          method: "POST",
          headers: { ...headers(), "content-type": "application/json", ...extra },
          body: JSON.stringify(body),
        }),
      ),
  };
}
