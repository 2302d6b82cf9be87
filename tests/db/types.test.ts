import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateTypes, TYPES_FILE } from "@/scripts/db/types";

describe("lib/supabase/database.types.ts", () => {
  it("matches what postgres-meta generates from the migrated schema (else: npm run db:types)", async () => {
    const generated = await generateTypes();
    expect(generated).toContain("export type Database");
    const committed = readFileSync(TYPES_FILE, "utf8");
    // A plain equality check: on failure the diff shows which table or column changed.
    expect(committed, "lib/supabase/database.types.ts is stale: run `npm run db:types` and commit it").toBe(generated);
  });
});
