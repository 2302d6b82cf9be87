/**
 * What the differential test compares, and the only things it normalizes (each is genuinely the server's choice):
 *
 * 1. created_at. 012 stamps it with the server's now() at insert (microseconds, transaction time), so its value cannot
 *    match. Each distinct created_at becomes <T1>, <T2>, … in order of first appearance, per side: the test still
 *    requires that it is present in the same places, and that rows stamped in one transaction (equal on one side) are
 *    equal on the other and distinct stamps stay distinct.
 * 2. History pages (order=checkin_date.desc): rows with equal checkin_date come in the order the plan happens to give
 *    (an index scan's heap order, or a top-N sort's), so each group of equal timestamps is compared sorted by id; when
 *    the page is full (rows = limit), which members of its last group made the cut is the database's choice too, so
 *    that group is compared by its timestamp and size only. Their created_at become <T> (not numbered: the members of
 *    a cut group differ, and numbering them would shift every later token).
 * 3. Headers: only content-type, content-range and www-authenticate are compared (date, server, content-location and
 *    the gateway's CORS headers are not part of what the app reads, apart from date, whose value is the clock's).
 */
export type Observed = { status: number; headers: Record<string, string>; body: string };

export const COMPARED_HEADERS = ["content-type", "content-range", "www-authenticate"] as const;

const CREATED_AT = /"created_at": ?"([^"]*)"/g;

export class Normalizer {
  private readonly tokens = new Map<string, string>();

  createdAt(text: string): string {
    return text.replace(CREATED_AT, (match, value: string) => {
      if (!this.tokens.has(value)) this.tokens.set(value, `<T${this.tokens.size + 1}>`);
      return match.replace(value, this.tokens.get(value)!);
    });
  }

  response(observed: Observed, historyLimit: number | null): Observed {
    const headers: Record<string, string> = {};
    for (const name of COMPARED_HEADERS) if (observed.headers[name] !== undefined) headers[name] = observed.headers[name]!;
    const body = historyLimit !== null && observed.status === 200 ? historyBody(observed.body, historyLimit) : this.createdAt(observed.body);
    return { status: observed.status, headers, body };
  }
}

/** json_agg's elements (rows never contain a raw newline: JSON escapes it inside strings). */
export function aggElements(text: string): string[] {
  if (text === "[]") return [];
  if (!text.startsWith("[") || !text.endsWith("]")) throw new Error(`not a json_agg array: ${text.slice(0, 80)}`);
  return text.slice(1, -1).split(", \n ");
}

function historyBody(text: string, limit: number): string {
  const rows = aggElements(text).map((element) => ({ element: element.replace(CREATED_AT, '"created_at":"<T>"'), ...(JSON.parse(element) as { id: string; checkin_date: string }) }));
  const groups: (typeof rows)[] = [];
  for (const row of rows) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last[0]!.checkin_date === row.checkin_date) last.push(row);
    else groups.push([row]);
  }
  const parts = groups.map((group, i) => {
    if (i === groups.length - 1 && rows.length === limit) return `<${group.length} rows at ${group[0]!.checkin_date}>`;
    return [...group].sort((a, b) => (a.id < b.id ? -1 : 1)).map((row) => row.element).join(", \n ");
  });
  return `[${parts.join(", \n ")}]`;
}
