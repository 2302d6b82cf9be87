// npm run db:types — regenerates lib/supabase/database.types.ts from supabase/migrations.
// `--check` only compares, and exits 1 when the file is stale (what tests/db/types.test.ts asserts too).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateTypes, TYPES_FILE } from "./types";

const check = process.argv.includes("--check");
const generated = await generateTypes();
const relative = path.relative(process.cwd(), TYPES_FILE);
let current = "";
try {
  current = readFileSync(TYPES_FILE, "utf8");
} catch {
  /* missing: treated as stale */
}
if (check) {
  if (current !== generated) {
    console.error(`${relative} is stale: run \`npm run db:types\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${relative} is up to date.`);
} else if (current === generated) {
  console.log(`${relative} is already up to date.`);
} else {
  writeFileSync(TYPES_FILE, generated);
  console.log(`wrote ${relative}`);
}
