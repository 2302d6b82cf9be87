/**
 * Whether a state-changing request (the POST that signs in with an email link) comes from a page of this origin.
 * A login CSRF works by making the victim's browser send that POST from another site; browsers mark such a request
 * with `Sec-Fetch-Site: cross-site` and its `Origin`, and a page cannot forge either. Both are checked: `Origin` must
 * be present and ours (every current browser sends it on a POST), and `Sec-Fetch-Site`, where sent, must be
 * `same-origin` (not `same-site`: a sibling subdomain is another application).
 */
export function isSameOriginRequest(headers: Headers, requestUrl: string): boolean {
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite !== null && fetchSite !== "same-origin") return false;
  const origin = headers.get("origin");
  if (origin === null || origin === "null") return false;
  return origin === new URL(requestUrl).origin;
}
