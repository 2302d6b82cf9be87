import type { FaultSpec } from "./faults";
import type { LoggedRequest } from "./request-log";

/**
 * A typed client for the stack's control API (/__stack), fetch-based so Playwright specs and vitest tests can both use
 * it. Every method throws ControlApiError when the stack refuses, with the stack's own message.
 */
export class ControlApiError extends Error {
  override name = "ControlApiError";
}

export class ControlClient {
  constructor(readonly baseUrl: string) {}

  /** A confirmed user (or `confirmed: false`: they must confirm with the token hash from `confirmations`). */
  createUser(email: string, password: string, options: { confirmed?: boolean } = {}): Promise<{ id: string }> {
    return this.call("POST", "/users", { email, password, ...options });
  }

  async confirmations(email: string): Promise<string[]> {
    return (await this.call<{ tokenHashes: string[] }>("GET", `/confirmations?email=${encodeURIComponent(email)}`)).tokenHashes;
  }

  /** A magic link's token hash for an existing user (verify type "magiclink"), as the email would carry it. */
  async magicLink(email: string): Promise<string> {
    return (await this.call<{ tokenHash: string }>("POST", "/magic-link", { email })).tokenHash;
  }

  configure(settings: { accessTokenTtlSeconds?: number; autoconfirm?: boolean }): Promise<{ accessTokenTtlSeconds: number; autoconfirm: boolean }> {
    return this.call("POST", "/config", settings);
  }

  setAccessTokenTtl(seconds: number): Promise<{ accessTokenTtlSeconds: number; autoconfirm: boolean }> {
    return this.configure({ accessTokenTtlSeconds: seconds });
  }

  /** Ends every session of the user: their refresh tokens then answer refresh_token_not_found. */
  revoke(userId: string): Promise<{ sessionsEnded: number }> {
    return this.call("POST", "/revoke", { userId });
  }

  async setFault(fault: FaultSpec): Promise<void> {
    await this.call("POST", "/fault", fault);
  }

  async clearFault(): Promise<void> {
    await this.call("DELETE", "/fault");
  }

  requests(): Promise<LoggedRequest[]> {
    return this.call("GET", "/requests");
  }

  async clearRequests(): Promise<void> {
    await this.call("DELETE", "/requests");
  }

  /** Runs SQL as the PostgreSQL superuser (RLS does not apply): for checking what is really stored. */
  async rows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.call<{ rows: T[] }>("POST", "/sql", { sql, params })).rows;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/__stack${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      // A stack that stopped answering must fail the test that asked, with the call named, not hold it to its timeout.
      signal: AbortSignal.timeout(60_000),
    }).catch((error: unknown) => {
      throw new ControlApiError(`${method} /__stack${path} got no answer: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
    const text = await response.text();
    const data: unknown = text === "" ? undefined : JSON.parse(text);
    if (!response.ok) {
      const message = (data as { error?: string } | undefined)?.error ?? text;
      throw new ControlApiError(`${method} /__stack${path} answered ${response.status}: ${message}`);
    }
    return data as T;
  }
}
