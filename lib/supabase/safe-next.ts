/**
 * Where an auth link may send someone after it signs them in: `next` resolved against this request's URL, kept only
 * when the result is on this origin, and then only its path and query. Anything else answers `/`.
 *
 * A prefix check ("starts with / but not //") is not enough: browsers and the WHATWG URL parser read `/\evil.com` as
 * `//evil.com`, drop tabs and newlines (`/\t/evil.com`), and accept `http:evil.com` as a host — all of which resolve
 * to another origin. Resolving first and comparing origins leaves the parser no room to disagree with us.
 */
export function sameOriginNext(next: string | null, requestUrl: string): URL {
  const base = new URL(requestUrl);
  const home = new URL("/", base.origin);
  if (next === null || next === "") return home;
  let resolved: URL;
  try {
    resolved = new URL(next, base);
  } catch {
    return home;
  }
  // javascript:, data: and other schemes have the opaque origin "null", never ours.
  if (resolved.origin !== base.origin) return home;
  const target = new URL(base.origin);
  // Same origin already; collapsing leading slashes keeps even a path like "//evil.com" from reading as a host to
  // anything downstream that re-parses the Location header as a relative reference.
  target.pathname = resolved.pathname.replace(/^\/{2,}/, "/");
  target.search = resolved.search;
  return target;
}
