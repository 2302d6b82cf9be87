import type { Server } from "node:http";
import pg from "pg";
import { applyMigrations, bootstrap } from "../db/support/apply";
import { freePort, startTestDatabase, type TestDatabase } from "../db/support/postgres";
import { AuthImitation } from "./auth-imitation";
import { ControlClient } from "./control-client";
import { Faults } from "./faults";
import { createGateway, portOf } from "./gateway";
import { ANON_KEY, STACK_JWT_SECRET } from "./jwt";
import { startPostgrest, type PostgrestProcess } from "./postgrest";
import { RequestLog } from "./request-log";

/**
 * A Supabase-like stack for tests: real PostgreSQL 17 (embedded) with our migrations, real PostgREST 12.0.2, and a
 * gateway that serves /rest/v1 (PostgREST), /auth/v1 (the Auth imitation) and /__stack (the control API).
 */
export type SupabaseStack = {
  /** The project URL (what NEXT_PUBLIC_SUPABASE_URL holds). */
  url: string;
  anonKey: string;
  jwtSecret: string;
  db: TestDatabase;
  /** PostgREST's own address, behind the gateway (for tests that must bypass it). */
  postgrestUrl: string;
  control: ControlClient;
  auth: AuthImitation;
  stop: () => Promise<void>;
};

export type StackOptions = {
  /** The gateway's port; a free one when absent. */
  port?: number;
  accessTokenTtlSeconds?: number;
  postgresFlags?: string[];
  /** Runs after the migrations and before PostgREST starts (e.g. seeding), with a superuser connection. */
  beforePostgrest?: (client: pg.Client) => Promise<void>;
};

export async function startSupabaseStack(options: StackOptions = {}): Promise<SupabaseStack> {
  const db = await startTestDatabase({ postgresFlags: options.postgresFlags });
  try {
    const client = await db.connect();
    try {
      await bootstrap(client);
      await applyMigrations(db);
      await options.beforePostgrest?.(client);
    } finally {
      await client.end();
    }
  } catch (error) {
    await db.stop();
    throw error;
  }
  return attachStack(db, { ...options, stopDatabase: true });
}

/**
 * PostgREST and the gateway on a database that is already prepared (bootstrap and migrations applied), for callers
 * that manage the database themselves (the benchmark builds indices on it). `stop()` leaves the database running
 * unless `stopDatabase` is set.
 */
export async function attachStack(
  db: TestDatabase,
  options: Pick<StackOptions, "port" | "accessTokenTtlSeconds"> & { stopDatabase?: boolean; postgrestPorts?: { port: number; adminPort: number } } = {},
): Promise<SupabaseStack> {
  const cleanups: (() => Promise<void>)[] = [];
  if (options.stopDatabase) cleanups.push(() => db.stop());
  const stop = async () => {
    // Reverse order: the gateway first (no new requests), then PostgREST, then the pool and PostgreSQL.
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error("[stack] stop:", error);
      }
    }
  };
  try {
    const pool = new pg.Pool({ connectionString: db.url, max: 4 });
    // PostgreSQL's shutdown terminates idle pooled connections; unhandled, that error would crash the test process.
    pool.on("error", (error) => console.warn(`[stack] idle PostgreSQL connection closed: ${error.message}`));
    cleanups.push(() => pool.end());
    const postgrest: PostgrestProcess = await startPostgrest({
      dbUri: `postgresql://authenticator:authenticator@127.0.0.1:${db.port}/postgres?sslmode=disable`,
      jwtSecret: STACK_JWT_SECRET,
      ...options.postgrestPorts,
    });
    cleanups.push(() => postgrest.stop());

    const auth = new AuthImitation(pool, STACK_JWT_SECRET);
    if (options.accessTokenTtlSeconds !== undefined) auth.settings.accessTokenTtlSeconds = options.accessTokenTtlSeconds;
    const gateway = createGateway({ auth, faults: new Faults(), log: new RequestLog(), pool, postgrestPort: postgrest.port });
    await listen(gateway, options.port ?? (await freePort()));
    cleanups.push(() => close(gateway));

    const url = `http://127.0.0.1:${portOf(gateway)}`;
    return { url, anonKey: ANON_KEY, jwtSecret: STACK_JWT_SECRET, db, postgrestUrl: `http://127.0.0.1:${postgrest.port}`, control: new ControlClient(url), auth, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
