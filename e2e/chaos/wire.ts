import type { BrowserContext, Request } from "@playwright/test";
import { decodeJwt } from "../../tests/stack/jwt";

/**
 * Every row a device put on the wire to PostgREST, with the `sub` of the token it carried: seen from the browser
 * context (all its pages), where the body is still readable. The gateway's own log has each request's `sub` but not
 * its body, so this is where "a row of one user sent with the other's token" can be seen at all.
 */
export type WireRow = { device: string; table: string; sub: string | null; id: string; user_id: string | null };

export class WireRecorder {
  readonly rows: WireRow[] = [];
  private readonly pending: Promise<void>[] = [];

  watch(device: string, context: BrowserContext): void {
    context.on("request", (request) => {
      const match = /\/rest\/v1\/(check_ins|predictions)(\?|$)/.exec(request.url());
      if (request.method() !== "POST" || !match) return;
      this.pending.push(this.record(device, match[1]!, request));
    });
  }

  private async record(device: string, table: string, request: Request): Promise<void> {
    const headers = await request.allHeaders().catch(() => request.headers());
    const token = (headers.authorization ?? "").replace(/^Bearer /i, "");
    const sub = decodeJwt(token)?.sub;
    const body: unknown = request.postDataJSON();
    for (const row of Array.isArray(body) ? body : [body]) {
      const r = row as { id?: unknown; user_id?: unknown };
      this.rows.push({ device, table, sub: typeof sub === "string" ? sub : null, id: String(r.id), user_id: typeof r.user_id === "string" ? r.user_id : null });
    }
  }

  async settled(): Promise<WireRow[]> {
    await Promise.allSettled(this.pending);
    return this.rows;
  }
}
