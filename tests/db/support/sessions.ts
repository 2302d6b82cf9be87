import type pg from "pg";

export type ApiRole = "anon" | "authenticated" | "service_role";

/** The JWT claims PostgREST would put in `request.jwt.claims` for a user of this role. */
export function claimsFor(role: ApiRole, sub?: string): Record<string, unknown> {
  return sub === undefined ? { role } : { role, sub, aud: "authenticated" };
}

/**
 * Runs `fn` the way PostgREST runs a request: inside a transaction, as the request's role, with the JWT claims in
 * `request.jwt.claims` (auth.uid() reads `sub` from there). Rolls back unless `commit` is set, so tests stay isolated.
 */
export async function asRole<T>(
  client: pg.Client,
  role: ApiRole,
  sub: string | undefined,
  fn: () => Promise<T>,
  options: { commit?: boolean } = {},
): Promise<T> {
  await client.query("begin");
  try {
    await client.query(`set local role ${role}`);
    await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(claimsFor(role, sub))]);
    const result = await fn();
    await client.query(options.commit ? "commit" : "rollback");
    return result;
  } catch (error) {
    await client.query("rollback");
    throw error;
  }
}

/** Inserts users into the test bootstrap's auth.users and returns their ids. */
export async function createUsers(client: pg.Client, emails: string[]): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    "insert into auth.users (id, email) select gen_random_uuid(), e from unnest($1::text[]) with ordinality as t(e, n) order by n returning id",
    [emails],
  );
  return rows.map((r) => r.id);
}
