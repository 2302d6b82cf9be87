import type pg from "pg";
import { asRole } from "./sessions";
import type { RecordedStatement } from "./mocked-postgrest";

export type PlanNode = {
  "Node Type": string;
  "Index Name"?: string;
  "Relation Name"?: string;
  "Index Cond"?: string;
  Plans?: PlanNode[];
};

export function flattenPlan(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flattenPlan)];
}

/** EXPLAIN of a statement exactly as the mocked PostgREST ran it: same SQL, parameters, role and JWT claims. */
export async function explainAsRequest(
  client: pg.Client,
  statement: RecordedStatement,
  options: { generic?: boolean } = {},
): Promise<PlanNode[]> {
  const sub = typeof statement.claims.sub === "string" ? statement.claims.sub : undefined;
  return asRole(client, statement.role as "authenticated", sub, async () => {
    // GENERIC_PLAN (PostgreSQL 16+): the plan a prepared statement gets once PostgreSQL stops re-planning per value,
    // which is what PostgREST's prepared statements end up with after a few calls.
    const { rows } = options.generic
      ? await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`explain (generic_plan, format json) ${statement.sql}`)
      : await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`explain (format json) ${statement.sql}`, statement.params);
    return flattenPlan(rows[0]!["QUERY PLAN"][0].Plan);
  });
}

export function describePlan(nodes: PlanNode[]): string {
  return nodes.map((n) => `${n["Node Type"]}${n["Index Name"] ? ` using ${n["Index Name"]}` : ""}${n["Relation Name"] ? ` on ${n["Relation Name"]}` : ""}`).join(" > ");
}
