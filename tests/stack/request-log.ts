import { decodeJwt } from "./jwt";

/**
 * Every request that went through the gateway (not the control API): who made it, as the token says. `sub` and `role`
 * are read from the Bearer token without verification — PostgREST and the Auth imitation do the verifying — so a
 * forged token still shows who it claimed to be. The anon key has no `sub`: null.
 */
export type LoggedRequest = { at: string; method: string; path: string; search: string; status: number; sub: string | null; role: string | null };

export function identityOf(authorization: string | undefined, apikey: string | undefined): { sub: string | null; role: string | null } {
  const token = authorization?.replace(/^Bearer /i, "") || apikey || "";
  const claims = decodeJwt(token);
  return { sub: typeof claims?.sub === "string" ? claims.sub : null, role: typeof claims?.role === "string" ? claims.role : null };
}

export class RequestLog {
  private entries: LoggedRequest[] = [];

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
  }

  all(): LoggedRequest[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
