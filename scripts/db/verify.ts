// npm run db:verify — finds invalid indexes (what a failed CREATE INDEX CONCURRENTLY leaves) and missing indices of
// our migrations, and prints how to repair them. Exit code 0: healthy; 1: problems found; 2: could not check.
//   DATABASE_URL=postgresql://… npm run db:verify      or      npm run db:verify -- --db-url postgresql://…
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export const VERIFY_SQL_FILE = path.resolve(import.meta.dirname, "verify-indexes.sql");

export type IndexProblem = {
  problem: "invalid" | "missing" | "building";
  schema_name: string;
  index_name: string;
  table_name: string;
  repair: string;
};

export async function findIndexProblems(client: pg.Client): Promise<IndexProblem[]> {
  const { rows } = await client.query<IndexProblem>(readFileSync(VERIFY_SQL_FILE, "utf8"));
  return rows;
}

export function formatReport(problems: IndexProblem[]): string {
  if (problems.length === 0) return "Indexes OK: no invalid indexes; the indices of 011 and 013 are present.";
  return [
    `${problems.length} index problem(s):`,
    ...problems.map((p) => `- ${p.problem.toUpperCase()}: ${p.schema_name}.${p.index_name} on ${p.table_name}\n  repair: ${p.repair}`),
  ].join("\n");
}

async function main(): Promise<number> {
  const flag = process.argv.indexOf("--db-url");
  const url = flag >= 0 ? process.argv[flag + 1] : process.env.DATABASE_URL;
  if (!url) {
    console.error("Set DATABASE_URL (Supabase dashboard → Connect → connection string) or pass --db-url postgresql://…");
    return 2;
  }
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const problems = await findIndexProblems(client);
    const report = formatReport(problems);
    if (problems.length === 0) console.log(report);
    else console.error(report);
    return problems.length === 0 ? 0 : 1;
  } catch (error) {
    console.error(`Could not check the database: ${(error as Error).message}`);
    return 2;
  } finally {
    await client.end().catch(() => undefined);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  process.exitCode = await main();
}
