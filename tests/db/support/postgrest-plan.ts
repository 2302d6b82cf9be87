import { flattenPlan, type PlanNode } from "./explain";

/**
 * EXPLAIN from PostgREST itself (db-plan-enabled): the plan of the SQL it really generates for a request, run as the
 * request's role with its JWT claims. `analyze` executes the statement, so use it for reads only.
 */
export const PLAN_ACCEPT = 'application/vnd.pgrst.plan+json; for="application/json"; options=analyze|buffers';

export class PlanRequestError extends Error {
  override name = "PlanRequestError";
}

/** The plan of a GET, asked with the same URL and headers (token, apikey) the original request had. */
export async function planOf(url: string, headers: HeadersInit): Promise<PlanNode[]> {
  const withPlan = new Headers(headers);
  withPlan.set("accept", PLAN_ACCEPT);
  const response = await fetch(url, { headers: withPlan });
  const body = await response.text();
  if (!response.ok) throw new PlanRequestError(`PostgREST refused the plan of ${url} (${response.status}): ${body}`);
  const [explained] = JSON.parse(body) as [{ Plan: PlanNode }];
  return flattenPlan(explained.Plan);
}

export type PlannedRequest = { url: URL; nodes: PlanNode[] };

/**
 * A fetch for supabase-js that passes every request through and, for each GET to /rest/v1, also asks PostgREST for
 * the plan of that very request, so a test can check the indices the app's own queries get.
 */
export function planningFetch(): { fetch: typeof globalThis.fetch; planned: PlannedRequest[] } {
  const planned: PlannedRequest[] = [];
  const planning: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await fetch(request.clone());
    const url = new URL(request.url);
    if (request.method === "GET" && url.pathname.startsWith("/rest/v1/") && response.ok) {
      planned.push({ url, nodes: await planOf(request.url, request.headers) });
    }
    return response;
  };
  return { fetch: planning, planned };
}
