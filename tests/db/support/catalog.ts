import type pg from "pg";

/**
 * Everything our migrations define in `public` (tables, columns, constraints, indices, policies, functions and their
 * grants, triggers), object ids included: two snapshots are equal only if a re-run
 * changed nothing and recreated nothing (a DROP + CREATE would give the object a new oid).
 */
export async function schemaSnapshot(client: pg.Client): Promise<Record<string, unknown[]>> {
  const queries: Record<string, string> = {
    tables: `select c.oid::int, c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity, c.relacl::text
             from pg_class c where c.relnamespace = 'public'::regnamespace order by c.relname`,
    columns: `select attrelid::regclass::text, attname, format_type(atttypid, atttypmod), attnotnull,
                     pg_get_expr(d.adbin, d.adrelid) as default
              from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
              where attrelid in (select oid from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r')
                and attnum > 0 and not attisdropped order by 1, attnum`,
    constraints: `select oid::int, conrelid::regclass::text, conname, pg_get_constraintdef(oid)
                  from pg_constraint where connamespace = 'public'::regnamespace order by conname`,
    indexes: `select indexrelid::int, indexrelid::regclass::text, indisvalid, indisready, pg_get_indexdef(indexrelid)
              from pg_index where indrelid in (select oid from pg_class where relnamespace = 'public'::regnamespace)
              order by 2`,
    policies: `select oid::int, polrelid::regclass::text, polname, polcmd, polroles::regrole[]::text,
                      pg_get_expr(polqual, polrelid), pg_get_expr(polwithcheck, polrelid)
               from pg_policy order by polname`,
    functions: `select oid::int, oid::regprocedure::text, md5(prosrc), prosecdef, proconfig, proacl::text
                from pg_proc where pronamespace = 'public'::regnamespace order by 2`,
    triggers: `select oid::int, tgrelid::regclass::text, tgname, tgfoid::regprocedure::text, tgtype, tgenabled
               from pg_trigger where not tgisinternal and tgrelid in (select oid from pg_class where relnamespace = 'public'::regnamespace)
               order by 2, 3`,
  };
  const snapshot: Record<string, unknown[]> = {};
  for (const [name, sql] of Object.entries(queries)) snapshot[name] = (await client.query(sql)).rows;
  return snapshot;
}
