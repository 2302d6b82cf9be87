import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { MIGRATIONS_DIR } from "./migrations";

/** psql exactly as our users run it (README): the Debian/Ubuntu `postgresql-client` package, or PSQL_PATH. */
export const PSQL = process.env.PSQL_PATH ?? (existsSync("/usr/bin/psql") ? "/usr/bin/psql" : "psql");

export class PsqlError extends Error {
  override name = "PsqlError";
}

export type PsqlResult = { code: number; stdout: string; stderr: string };

/** Runs psql and resolves with its exit code and output (it does not throw on a non-zero exit; callers assert). */
export function runPsql(url: string, args: string[], options: { env?: Record<string, string> } = {}): Promise<PsqlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(PSQL, [url, "-X", "-q", ...args], {
      env: { ...process.env, PGCONNECT_TIMEOUT: "10", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(
        new PsqlError(
          error.code === "ENOENT"
            ? `psql not found at "${PSQL}". Install the PostgreSQL client (sudo apt-get install -y postgresql-client) or set PSQL_PATH.`
            : error.message,
        ),
      ),
    );
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** `psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f <file>` for one migration file; throws with psql's stderr on failure. */
export async function psqlFile(url: string, file: string, options: { env?: Record<string, string> } = {}): Promise<PsqlResult> {
  const result = await runPsql(url, ["-v", "ON_ERROR_STOP=1", "-f", path.resolve(MIGRATIONS_DIR, file)], options);
  if (result.code !== 0) throw new PsqlError(`psql -f ${file} exited with ${result.code}: ${result.stderr.trim()}`);
  return result;
}
