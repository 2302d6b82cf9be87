import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../../..");

/** The Supabase CLI that ships inside the pinned `supabase` npm package (no Docker needed for these commands). */
export function supabaseCliEntry(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve("supabase/package.json")), "dist", "supabase.js");
}

export type CliResult = { code: number; stdout: string; stderr: string };

/** Runs `supabase <args> --db-url <url>` in the repository (it reads supabase/config.toml and supabase/migrations). */
export function supabaseCli(args: string[], dbUrl: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [supabaseCliEntry(), ...args, "--db-url", dbUrl, "--workdir", ROOT],
      { cwd: ROOT, env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
