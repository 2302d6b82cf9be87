import type pg from "pg";
import { AuthImitation } from "@/tests/stack/auth-imitation";
import type { StackResponse } from "@/tests/stack/http";
import { STACK_JWT_SECRET } from "@/tests/stack/jwt";

/**
 * Supabase Auth for the simulation: the stack's own imitation (tests/stack/auth-imitation.ts: the same /token,
 * /logout and /user handlers, the same refresh-token rotation), held in memory. The imitation writes each new user
 * into auth.users through a pg.Pool; here that pool is a stand-in that only remembers the ids, which the REST model
 * reads as its auth.users, and answers that no account was deleted.
 */
export class AuthModel {
  readonly userIds: string[] = [];
  private readonly imitation: AuthImitation;

  constructor(accessTokenTtlSeconds: number) {
    const pool = {
      query: async (sql: string, params: unknown[]) => {
        // Before each request the imitation asks which of its users auth.users no longer holds (a deleted account):
        // the simulation deletes no account, so none.
        if (!sql.startsWith("select")) this.userIds.push(String(params[0]));
        return { rows: [] };
      },
    };
    this.imitation = new AuthImitation(pool as unknown as pg.Pool, STACK_JWT_SECRET);
    this.imitation.settings.accessTokenTtlSeconds = accessTokenTtlSeconds;
  }

  async createUser(email: string, password: string): Promise<string> {
    return (await this.imitation.createUser(email, password)).id;
  }

  handle(method: string, path: string, query: URLSearchParams, headers: Record<string, string>, body: Record<string, unknown>): Promise<StackResponse> {
    return this.imitation.handle(method, path, query, headers, body);
  }
}
