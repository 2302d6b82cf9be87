import type pg from "pg";
import type { AuthImitation } from "./auth-imitation";
import { AuthStoreError } from "./auth-store";
import { FaultError, type Faults, type FaultSpec } from "./faults";
import { BadRequestError, json, stringField, type StackResponse } from "./http";
import type { RequestLog } from "./request-log";

/**
 * The test-only control API under /__stack on the gateway: create users, change the Auth imitation's settings, revoke
 * sessions, inject faults, read the request log, and run SQL as the PostgreSQL superuser (to check rows behind RLS).
 * The gateway only lets loopback clients reach it: it can read every row and must never face a network.
 */
export type ControlDeps = { auth: AuthImitation; faults: Faults; log: RequestLog; pool: pg.Pool };

export async function handleControl(deps: ControlDeps, method: string, path: string, query: URLSearchParams, body: Record<string, unknown>): Promise<StackResponse> {
  try {
    return await route(deps, method, path, query, body);
  } catch (error) {
    if (error instanceof BadRequestError || error instanceof FaultError) return json(400, { error: error.message });
    if (error instanceof AuthStoreError) return json(409, { error: error.message, code: error.code });
    const e = error as { code?: string; message: string };
    // A failed SQL statement: the caller asked for it, so say what PostgreSQL said.
    if (typeof e.code === "string" && path === "/sql") return json(400, { error: e.message, code: e.code });
    throw error;
  }
}

async function route(deps: ControlDeps, method: string, path: string, query: URLSearchParams, body: Record<string, unknown>): Promise<StackResponse> {
  const { auth, faults, log, pool } = deps;
  switch (`${method} ${path}`) {
    case "POST /users": {
      const user = await auth.createUser(stringField(body, "email"), stringField(body, "password"), { confirmed: body.confirmed !== false });
      if (body.confirmed === false) auth.store.issueConfirmation(user.email);
      return json(201, { id: user.id });
    }
    case "POST /magic-link": {
      // What a magic-link email would carry for an existing user: a one-time token hash for verify type "magiclink".
      const email = stringField(body, "email");
      if (!auth.store.hasUser(email)) throw new BadRequestError(`no user ${email}`);
      return json(201, { tokenHash: auth.store.issueConfirmation(email) });
    }
    case "GET /confirmations":
      return json(200, { tokenHashes: auth.store.confirmationsFor(query.get("email") ?? "") });
    case "POST /config": {
      const ttl = body.accessTokenTtlSeconds;
      if (ttl !== undefined) {
        if (typeof ttl !== "number" || !Number.isInteger(ttl) || ttl < 1) throw new BadRequestError("accessTokenTtlSeconds must be a whole number >= 1");
        auth.settings.accessTokenTtlSeconds = ttl;
      }
      if (body.autoconfirm !== undefined) auth.settings.autoconfirm = body.autoconfirm === true;
      return json(200, { ...auth.settings });
    }
    case "POST /revoke":
      return json(200, { sessionsEnded: auth.revoke(stringField(body, "userId")) });
    case "POST /fault":
      faults.set(body as unknown as FaultSpec);
      return json(204);
    case "DELETE /fault":
      faults.clear();
      return json(204);
    case "GET /requests":
      return json(200, log.all());
    case "DELETE /requests":
      log.clear();
      return json(204);
    case "POST /sql": {
      const params = body.params ?? [];
      if (!Array.isArray(params)) throw new BadRequestError('"params" must be an array');
      const result = await pool.query(stringField(body, "sql"), params);
      return json(200, { rows: result.rows, rowCount: result.rowCount });
    }
    default:
      return json(404, { error: `no control endpoint ${method} /__stack${path}` });
  }
}
