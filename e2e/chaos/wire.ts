import type { BrowserContext, Request } from "@playwright/test";
import { decodeJwt } from "../../tests/stack/jwt";

/**
 * Every row a device put on the wire to PostgREST, with the `sub` of the token it carried and whether PostgREST took
 * it: seen from the browser context (all its pages), where the body is still readable. The gateway's own log has each
 * request's `sub` but not its body, so this is where "a row of one user sent with the other's token" can be seen at all.
 *
 * Two shapes of upload: today's upserts (POST /rest/v1/check_ins or /predictions, a row or an array) and issue 18's
 * batch (POST /rest/v1/rpc/push_changes with `p_check_ins` and `p_predictions`, one transaction).
 */
export type WireRow = {
  device: string;
  table: string;
  sub: string | null;
  id: string;
  user_id: string | null;
  /** A check-in's notes (how the chaos run names its saves). */
  notes: string | null;
  /** PostgREST answered 2xx: the row is stored (or was already). Null: no answer (aborted, page closed). */
  stored: boolean | null;
};

type Row = { id?: unknown; user_id?: unknown; notes?: unknown };

export class WireRecorder {
  readonly rows: WireRow[] = [];
  private readonly pending: Promise<void>[] = [];

  watch(device: string, context: BrowserContext): void {
    context.on("request", (request) => {
      if (request.method() !== "POST") return;
      const path = new URL(request.url()).pathname;
      const table = /^\/rest\/v1\/(check_ins|predictions)$/.exec(path)?.[1];
      if (table) this.pending.push(this.record(device, request, [[table, request.postDataJSON() as unknown]]));
      else if (path === "/rest/v1/rpc/push_changes") {
        const body = (request.postDataJSON() ?? {}) as { p_check_ins?: unknown; p_predictions?: unknown };
        this.pending.push(this.record(device, request, [["check_ins", body.p_check_ins ?? []], ["predictions", body.p_predictions ?? []]]));
      }
    });
  }

  private async record(device: string, request: Request, parts: [string, unknown][]): Promise<void> {
    const headers = await request.allHeaders().catch(() => request.headers());
    const token = (headers.authorization ?? "").replace(/^Bearer /i, "");
    const sub = decodeJwt(token)?.sub;
    const response = await request.response().catch(() => null);
    const stored = response === null ? null : response.status() >= 200 && response.status() < 300;
    for (const [table, body] of parts) {
      for (const row of (Array.isArray(body) ? body : [body]) as Row[]) {
        this.rows.push({
          device,
          table,
          sub: typeof sub === "string" ? sub : null,
          id: String(row.id),
          user_id: typeof row.user_id === "string" ? row.user_id : null,
          notes: typeof row.notes === "string" ? row.notes : null,
          stored,
        });
      }
    }
  }

  async settled(): Promise<WireRow[]> {
    await Promise.allSettled(this.pending);
    return this.rows;
  }

  /** The notes of check-ins PostgREST answered 2xx for, so far (rows of requests still in flight are not counted). */
  storedNotes(): Set<string> {
    return new Set(this.rows.flatMap((r) => (r.table === "check_ins" && r.stored === true && r.notes !== null ? [r.notes] : [])));
  }
}
