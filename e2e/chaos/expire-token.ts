import type { BrowserContext } from "@playwright/test";
import { decodeJwt, signJwt } from "../../tests/stack/jwt";

/**
 * Makes a device's access token expired on the server's clock while the device still believes it valid: the session
 * cookie keeps its `expires_at`, but its access token is re-signed with an `exp` in the past. The next request with it
 * gets PostgREST's 401 (JWT expired) — what a phone with a slow clock, or a token that expires in flight, meets.
 * Returns false when the device holds no session to expire.
 */
export async function expireAccessToken(context: BrowserContext): Promise<boolean> {
  const cookies = (await context.cookies()).filter((c) => /^sb-.+-auth-token(\.\d+)?$/.test(c.name));
  if (cookies.length === 0) return false;
  // @supabase/ssr splits a long session into name.0, name.1, …: join them in order, and split the new value the same way.
  const ordered = [...cookies].sort((a, b) => chunkIndex(a.name) - chunkIndex(b.name));
  const joined = ordered.map((c) => c.value).join("");
  if (!joined.startsWith("base64-")) return false;
  const session = JSON.parse(Buffer.from(joined.slice("base64-".length), "base64url").toString("utf8")) as { access_token?: string } | null;
  const claims = session?.access_token ? decodeJwt(session.access_token) : null;
  if (!session || !claims) return false;
  const now = Math.floor(Date.now() / 1000);
  session.access_token = signJwt({ ...claims, iat: now - 120, exp: now - 60 });
  const value = `base64-${Buffer.from(JSON.stringify(session), "utf8").toString("base64url")}`;
  let offset = 0;
  const updated = ordered.map((cookie, i) => {
    const length = i === ordered.length - 1 ? value.length - offset : cookie.value.length;
    const part = value.slice(offset, offset + length);
    offset += length;
    return { ...cookie, value: part };
  });
  await context.addCookies(updated);
  return true;
}

const chunkIndex = (name: string) => Number(/\.(\d+)$/.exec(name)?.[1] ?? -1);
